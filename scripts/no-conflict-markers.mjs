// Fails when a tracked file still holds a merge conflict: the markers git writes, and the forms
// prettier turns them into in Markdown (an escaped `\=======`, `> > > > > > >` as nested quotes),
// which otherwise pass the format check and land.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const markers = [/^\s*<{7}( |$)/, /^\s*>{7}( |$)/, /^\s*\\?={7}\s*$/, /^\s*(> ){6}>( |$)/];
const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && !file.endsWith('package-lock.json'));
const found = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  if (text.includes('\0')) continue; // binary
  text.split('\n').forEach((line, index) => {
    if (markers.some((marker) => marker.test(line)))
      found.push(`${file}:${index + 1}: ${line.trim()}`);
  });
}
if (found.length > 0) {
  console.error(`Merge conflict markers left in:\n${found.join('\n')}`);
  process.exit(1);
}
