// Preloaded into a child process (`--require`, next to no-network.cjs) to list every socket connection
// it opens, loopback included, as `CONNECTION <host>:<port>` on stderr: a test then checks that the only
// server reached is the one it configured.
const net = require('node:net');

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options =
    typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  if (!options.path) process.stderr.write(`CONNECTION ${options.host ?? 'localhost'}:${options.port}\n`);
  return connect.apply(this, args);
};
