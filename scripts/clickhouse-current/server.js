#!/usr/bin/env node
// A test adapter, not a database: it puts ClickHouse's HTTP interface in front of chDB, the current
// ClickHouse engine running in-process (npm package `chdb`, which has no server of its own), so that
// netkeel's ClickHouse store and its `service` tests can run against current ClickHouse as well as
// Debian's 18.16. Every statement goes to the engine verbatim, in one chDB session whose data lives in
// DATA_DIR; the adapter never parses, rewrites or answers SQL itself.
//
//   node server.js PORT DATA_DIR      listen on 127.0.0.1:PORT
//
// The HTTP semantics it keeps (the subset netkeel uses, as ClickHouse documents them):
// - the statement is the `query` URL parameter, or the request body when there is no `query` parameter;
// - with a `query` parameter and a non-empty body, the body is the INSERT's data (e.g. RowBinary rows),
//   handed to the engine as bytes after the statement text, like the HTTP interface does;
// - `database` selects the current database (`default` when absent); every other URL parameter is a
//   setting for that request (`max_query_size=...`), applied with SET in the session;
// - the answer is the engine's output, TabSeparated unless the statement names a FORMAT;
// - an error is HTTP 500 with ClickHouse's own text ("Code: N. DB::Exception: ...").
// Statements run one at a time, in arrival order (the engine's session is not shared between threads).
'use strict';

const http = require('http');
const path = require('path');
const { Session } = require('chdb');

// chDB's public insert() accepts text formats only; its native entry below takes any statement prefix
// plus the data bytes, which is exactly the HTTP interface's "statement + body" (binary-safe RowBinary).
// It is not exported, so it is loaded by path; scripts/clickhouse-current.sh pins the chdb version.
const native = require(path.join(path.dirname(require.resolve('chdb')), 'dist', 'loader.js')).loadNative();

const [port, dataDir] = process.argv.slice(2);
if (!port || !dataDir) {
  process.stderr.write('usage: node server.js PORT DATA_DIR\n');
  process.exit(2);
}

const session = new Session(dataDir);
let currentDatabase = 'default';
const appliedSettings = new Map();  // name -> value already SET in the session

function quote(value) {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

function isIdentifier(name) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

// Brings the session to the request's database and settings. Names are checked, values are quoted:
// these are the only statements the adapter writes, and they are ClickHouse's own USE and SET.
async function prepare(params) {
  const database = params.get('database') || 'default';
  if (!isIdentifier(database)) throw new Error(`Code: 115. DB::Exception: bad database name in the URL: ${database}`);
  if (database !== currentDatabase) {
    await session.queryAsync(`USE ${database}`, { format: 'TabSeparated' });
    currentDatabase = database;
  }
  for (const [name, value] of params) {
    if (name === 'query' || name === 'database') continue;
    if (!isIdentifier(name)) throw new Error(`Code: 115. DB::Exception: bad setting name in the URL: ${name}`);
    if (appliedSettings.get(name) === value) continue;
    await session.queryAsync(`SET ${name} = ${quote(value)}`, { format: 'TabSeparated' });
    appliedSettings.set(name, value);
  }
}

async function execute(params, body) {
  await prepare(params);
  const statement = params.get('query');
  if (statement !== null && body.length > 0) {
    await native.InsertRawAsyncConnection(session.connection, statement, body, false);
    return Buffer.alloc(0);
  }
  const text = statement !== null ? statement : body.toString('utf8');
  if (text.trim() === '') throw new Error('Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)');
  const result = await session.queryAsync(text, { format: 'TabSeparated' });
  return Buffer.from(result.bytes());
}

let queue = Promise.resolve();  // one statement at a time, in arrival order

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const params = new URL(request.url, 'http://localhost').searchParams;
    const body = Buffer.concat(chunks);
    queue = queue.then(async () => {
      try {
        const answer = await execute(params, body);
        response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': answer.length });
        response.end(answer);
      } catch (error) {
        const message = Buffer.from(String(error && error.message ? error.message : error) + '\n');
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': message.length });
        response.end(message);
      }
    });
  });
});

function shutDown() {
  server.close();
  queue.finally(() => {
    session.close();
    process.exit(0);
  });
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);

server.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`clickhouse-current: chDB on http://127.0.0.1:${port}/, data in ${dataDir}\n`);
});
