export const OPERATIONS: string[];
export function extractModel(smithy: unknown): unknown;
