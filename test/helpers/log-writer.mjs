// A process that writes a log file the way an application and logrotate do, one command per
// line on stdin, answering "done <n>" on stdout after each: append (text as given, no line
// break added), rotate (rename the file to <file>.1, append `renamedGets` to the renamed file,
// then create a new <file> with `text`), truncate (cut the file to 0 bytes, then write `text`).
import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [file] = process.argv.slice(2);
let count = 0;
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  if (command.op === 'append') appendFileSync(file, command.text);
  else if (command.op === 'rotate') {
    renameSync(file, `${file}.1`);
    if (command.renamedGets) appendFileSync(`${file}.1`, command.renamedGets);
    writeFileSync(file, command.text ?? '');
  } else if (command.op === 'truncate') {
    truncateSync(file, 0);
    appendFileSync(file, command.text ?? '');
  }
  process.stdout.write(`done ${++count}\n`);
}
