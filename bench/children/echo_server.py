#!/usr/bin/env python3
"""A minimal MCP stdio server with one tool, `echo`, and no JIT: the warm-up bench's child, so that the curve it
measures is the gateway's own (a JVM child warms up too). Newline-delimited JSON-RPC on stdin/stdout."""
import json
import sys

TOOLS = [{"name": "echo", "description": "Returns its text.",
          "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}]


def answer(request):
    method = request.get("method")
    params = request.get("params") or {}
    if method == "initialize":
        return {"protocolVersion": params.get("protocolVersion", "2025-06-18"), "capabilities": {"tools": {}},
                "serverInfo": {"name": "echo-py", "version": "1"}}
    if method == "tools/list":
        return {"tools": TOOLS}
    if method == "tools/call":
        text = str((params.get("arguments") or {}).get("text", ""))
        return {"content": [{"type": "text", "text": text}], "isError": False}
    if method == "ping":
        return {}
    return None


def main():
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if "id" not in request or "method" not in request:
            continue  # notifications and answers need nothing
        result = answer(request)
        reply = {"jsonrpc": "2.0", "id": request["id"]}
        if result is None:
            reply["error"] = {"code": -32601, "message": "Method not found: " + str(request["method"])}
        else:
            reply["result"] = result
        out.write(json.dumps(reply, separators=(",", ":")) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
