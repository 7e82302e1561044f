// autocannon setupClient (a file: its worker thread requires it): each connection walks the mix in
// CHANNEL_GRAPH_BENCH_MIX (a JSON array of requests, written by bench/run.ts) from its own random offset.
'use strict';
const fs = require('node:fs');

const requests = JSON.parse(fs.readFileSync(process.env.CHANNEL_GRAPH_BENCH_MIX, 'utf8'));

module.exports = function setupClient(client) {
  const offset = Math.floor(Math.random() * requests.length);
  client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
};
