/**
 * The local simulator's fixed demo identity. It is published in the README and accepted by the simulator only, so
 * it is no secret: the redactor leaves exactly these values readable, or the lines meant to be copied from the
 * simulator's banner and help could not be copied.
 */
export const DEMO_CREDENTIALS = {
  accessKeyId: 'AKIASIMULATOR0000001',
  secretAccessKey: 'simulator/secret/key/not/a/real/one/000001',
  accountId: '111122223333',
} as const;
