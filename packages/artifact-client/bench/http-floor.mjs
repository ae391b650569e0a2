/**
 * The floor any HTTP transfer has on this machine: `serve <file>` answers one GET with the file
 * (two reused 1 MiB buffers, as the mock serves blobs) and prints its URL; `get <url>` fetches it
 * with node:http, discards the bytes (no hash, no zip, no disk) and prints the milliseconds.
 */
import { open } from "node:fs/promises";
import http from "node:http";

const [mode, arg] = process.argv.slice(2);
if (mode === "serve") {
  const server = http.createServer(async (_req, res) => {
    const file = await open(arg);
    const { size } = await file.stat();
    res.writeHead(200, { "content-length": size });
    const buffers = [Buffer.allocUnsafe(1 << 20), Buffer.allocUnsafe(1 << 20)];
    const inFlight = [undefined, undefined];
    for (let turn = 0; ; turn++) {
      const slot = turn % 2;
      await inFlight[slot];
      const { bytesRead } = await file.read(buffers[slot], 0, 1 << 20, null);
      if (bytesRead === 0) break;
      inFlight[slot] = new Promise((resolve) => res.write(buffers[slot].subarray(0, bytesRead), resolve));
    }
    await Promise.all(inFlight);
    res.end();
    await file.close();
  });
  server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/`));
} else if (mode === "get") {
  const started = performance.now();
  http.get(arg, (res) => {
    res.on("data", () => {});
    res.on("end", () => console.log(JSON.stringify({ ms: performance.now() - started })));
  });
} else {
  console.error("usage: http-floor.mjs serve <file> | get <url>");
  process.exit(2);
}
