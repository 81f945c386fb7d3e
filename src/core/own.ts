/**
 * Declaration names and tag keys are user text, and `constructor`, `toString`, `hasOwnProperty` or `__proto__` are
 * valid ones. Read them with `Object.hasOwn`, so an inherited member never passes for a recorded handshake or a tag,
 * and write them with `defineProperty`, so `__proto__` becomes a key instead of replacing the object's prototype.
 */

export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function setOwn<V>(record: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    // The only accessor Object.prototype has is __proto__: any other key is assigned as an own property, and plain
    // assignment keeps the object fast (defineProperty turned every tags object of a 10,000-change plan into a
    // dictionary).
    record[key] = value;
  }
}
