import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './deadline.js';
import { NetworkError } from './errors.js';

interface HttpRequest {
  url: URL;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  /** Bounds this attempt, from connect to the last byte; the transport's own timeout when absent. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one HTTP request. Knows nothing of signing, retries or the API: those wrap it. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export interface NodeTransportOptions {
  /** How long one attempt may take, from connect to the last byte. */
  timeoutMs?: number;
}

/** A keep-alive transport on node:http(s). Timeouts and resets become NetworkError, which is retryable. */
export function createNodeTransport(options: NodeTransportOptions = {}): Transport & { close(): void } {
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });
  const send: Transport = (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const secure = request.url.protocol === 'https:';
      const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
      const outgoing = (secure ? httpsRequest : httpRequest)(
        request.url,
        { method: request.method, headers: request.headers, agent: secure ? httpsAgent : httpAgent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(new NetworkError(`reading the response failed: ${error.message}`)));
          response.on('end', () => {
            clearTimeout(timer);
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      // A total bound, not an idle one: an endpoint that trickles bytes must not hold an attempt open forever.
      const timer = setTimeout(() => {
        outgoing.destroy(new NetworkError(`no answer from ${request.url.host} within ${Math.round(timeoutMs)} ms`));
      }, timeoutMs);
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        reject(error instanceof NetworkError ? error : new NetworkError(`${request.url.host}: ${error.message}`));
      });
      outgoing.end(request.body);
    });
  return Object.assign(send, {
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}
