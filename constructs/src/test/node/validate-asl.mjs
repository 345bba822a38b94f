// Validates a state machine definition (a file path argument) with asl-validator; prints the
// errors and exits 1 when it is not valid.
import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';

const definition = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { isValid, errorsText } = aslValidator(definition);
if (!isValid) {
  process.stdout.write(errorsText('\n'));
  process.exit(1);
}
process.stdout.write('valid');
