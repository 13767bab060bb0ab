import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/**
 * A real HTTP server whose answers a test writes line by line, for the browser hooks: the hook's
 * fetch, streaming, abort and a connection cut mid-line all go over a socket as in the browser.
 */

export interface Exchange {
  url: URL;
  request: IncomingMessage;
  response: ServerResponse;
  /** Resolves when the client has gone away (an abort) or the answer has ended. */
  closed: Promise<void>;
  /** Starts an NDJSON answer. */
  beginNdjson(): void;
  /** Writes one message and its newline. */
  send(message: unknown): void;
  /** Writes `text` as is (no newline) and ends the answer: a stream whose last message was torn. */
  endTorn(text: string): void;
  end(): void;
  /** Answers with a `Response` built by the app's own code (a route handler or its HTTP helpers). */
  replyWith(answer: Response): Promise<void>;
}

export interface ScriptedServer {
  /** Where the page's relative `/api/...` URLs go. */
  origin: string;
  /** The next request, as it arrives. */
  next(): Promise<Exchange>;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const waiting: ((exchange: Exchange) => void)[] = [];
  const arrived: Exchange[] = [];
  const server = createServer((request, response) => {
    const closed = new Promise<void>((resolve) => response.on("close", () => resolve()));
    const exchange: Exchange = {
      url: new URL(request.url ?? "/", "http://127.0.0.1"),
      request,
      response,
      closed,
      beginNdjson() {
        response.writeHead(200, { "Content-Type": "application/x-ndjson; charset=utf-8" });
        // Flushes the headers now: fetch resolves before the first message, as with the real route.
        response.flushHeaders();
      },
      send(message) {
        response.write(`${JSON.stringify(message)}\n`);
      },
      endTorn(text) {
        response.end(text);
      },
      end() {
        response.end();
      },
      async replyWith(answer) {
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        if (!answer.body) {
          response.end();
          return;
        }
        Readable.fromWeb(answer.body as NodeReadableStream).pipe(response);
        await closed;
      },
    };
    const taker = waiting.shift();
    if (taker) taker(exchange);
    else arrived.push(exchange);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    next: () => {
      const ready = arrived.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
