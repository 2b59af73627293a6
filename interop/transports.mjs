// The official TypeScript SDK client over one of Switchboard's wires: node transports.mjs KIND URL
// KIND: streamable | sse | websocket, or stdio with URL = a JSON array [command, ...args] (the bridge). Initializes, lists tools, calls `echo`, prints one JSON line, exits 0;
// any failure exits 1 with the error on stderr. An optional third argument is sent as `Authorization: Bearer ARG` on the
// HTTP wires (an OAuth access token). Used by TsSdkTransportsIT and OAuthIT.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";

const [kind, url, bearer] = process.argv.slice(2);
const requestInit = bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : undefined;
const transports = {
  streamable: () => new StreamableHTTPClientTransport(new URL(url), { requestInit }),
  sse: () => new SSEClientTransport(new URL(url), { requestInit }),
  websocket: () => new WebSocketClientTransport(new URL(url)),
  stdio: () => {
    const [command, ...args] = JSON.parse(url);
    return new StdioClientTransport({ command, args, env: getDefaultEnvironment(), stderr: "ignore" });
  },
};
const timer = setTimeout(() => { console.error("timed out"); process.exit(2); }, 60_000);
try {
  const client = new Client({ name: "ts-sdk-" + kind, version: "1.0" });
  await client.connect(transports[kind]());
  const tools = await client.listTools();
  const echoed = await client.callTool({ name: "echo", arguments: { text: "ts over " + kind } });
  console.log(JSON.stringify({ server: client.getServerVersion()?.name, tools: tools.tools.map(t => t.name),
    text: echoed.content[0].text }));
  await client.close();
  clearTimeout(timer);
  process.exit(0);
} catch (e) {
  console.error(e?.stack ?? String(e));
  process.exit(1);
}
