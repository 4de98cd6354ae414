// Runs before `npm start` and `npm test`, so a Node.js too old for Helios gets a clear message instead of
// "Unknown file extension .ts". The requirement is package.json's `engines.node`, stated nowhere else.
// `npm install` puts the pinned `node` package's binary in node_modules/.bin, which npm scripts find first
// on PATH: this only fails when that binary is missing. CommonJS and old syntax on purpose: it must run on
// whatever Node is found.
'use strict';
var fs = require('fs');
var path = require('path');
var root = path.resolve(__dirname, '..');
var required = require(path.join(root, 'package.json')).engines.node;
var semver;
try {
  semver = require('semver');
} catch {
  console.error('Helios is not installed in ' + root + ': run `npm install` there first.');
  process.exit(1);
}
if (!semver.satisfies(process.version, required)) {
  var pinned = path.join(root, 'node_modules', '.bin', 'node');
  var advice = fs.existsSync(pinned)
    ? ['Run Helios through npm (`npm start`, `npm test`, `npm run …`): npm scripts find ' + pinned + ' first.']
    : [
        '`npm install` puts the Node.js Helios runs on (the pinned `node` package) in node_modules/.bin, but it',
        'is missing there. Install it again, in ' + root + ', and run the npm command again:',
        '  npm rebuild node',
      ];
  console.error(
    ['Helios needs Node.js ' + required + '; this is ' + process.version + ' (' + process.execPath + ').']
      .concat(advice)
      .join('\n'),
  );
  process.exit(1);
}
