import type { ServerResponse } from 'node:http';
import type { ItsmContractFault } from './itsmConnectorContract';

/**
 * Answers one request of a vendor-format test server with a contract fault, in that vendor's
 * words: `answer` is the page the server would have sent, `malformed` a body that is not JSON,
 * and `errorBody` the vendor's error document for a status fault. A fault that asks to wait sends
 * `Retry-After`, or the vendor's own headers for it when it has `waitHeaders` (a tool that says
 * how long to wait in a header of its own, such as a rate limit's reset).
 *
 * @public
 */
export function writeItsmContractFault(
  res: ServerResponse,
  fault: ItsmContractFault,
  vendor: {
    answer: unknown;
    malformed: string;
    errorBody: (message: string | undefined) => unknown;
    waitHeaders?: (seconds: number) => Record<string, string>;
  },
): void {
  if (fault.kind === 'hang') return;
  if (fault.kind === 'malformed') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(vendor.malformed);
    return;
  }
  if (fault.kind === 'truncated') {
    const text = JSON.stringify(vendor.answer);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
    });
    // Half the body the headers announce, then the connection closes.
    res.write(text.slice(0, text.length / 2), () => res.socket?.destroy());
    return;
  }
  res.writeHead(fault.status, {
    'Content-Type': 'application/json',
    ...(fault.retryAfterSeconds === undefined
      ? {}
      : vendor.waitHeaders?.(fault.retryAfterSeconds) ?? {
          'Retry-After': String(fault.retryAfterSeconds),
        }),
  });
  res.end(JSON.stringify(vendor.errorBody(fault.message)));
}
