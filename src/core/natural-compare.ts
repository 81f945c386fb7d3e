/**
 * Compares two names the way a person counts: runs of digits by their value, so `legacy-2` comes before `legacy-19`.
 * Other characters compare by code point, so the order is the same on every machine whatever its locale. Equal
 * numbers written differently (`007`, `7`) are ordered by length to stay a total order. Pure, no locale, no I/O.
 */
export function naturalCompare(left: string, right: string): number {
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length && rightIndex < right.length) {
    const leftChar = left.charCodeAt(leftIndex);
    const rightChar = right.charCodeAt(rightIndex);
    if (isDigit(leftChar) && isDigit(rightChar)) {
      const leftEnd = digitsEnd(left, leftIndex);
      const rightEnd = digitsEnd(right, rightIndex);
      const leftDigits = stripZeros(left.slice(leftIndex, leftEnd));
      const rightDigits = stripZeros(right.slice(rightIndex, rightEnd));
      // Without leading zeros, a longer run of digits is a larger number; equal lengths compare digit by digit.
      if (leftDigits.length !== rightDigits.length) return leftDigits.length - rightDigits.length;
      if (leftDigits !== rightDigits) return leftDigits < rightDigits ? -1 : 1;
      const written = leftEnd - leftIndex - (rightEnd - rightIndex);
      if (written !== 0) return written;
      leftIndex = leftEnd;
      rightIndex = rightEnd;
      continue;
    }
    if (leftChar !== rightChar) return leftChar - rightChar;
    leftIndex++;
    rightIndex++;
  }
  return left.length - leftIndex - (right.length - rightIndex);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function digitsEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return end;
}

function stripZeros(digits: string): string {
  const stripped = digits.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}
