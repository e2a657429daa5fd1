/** @module `mre appliance firstboot`: applies the boot partition's config file (appliance/firstboot) and says what it did, or each problem, on standard error for the journal. */
import { applyFirstboot } from '../../appliance/firstboot/apply.ts';
import { parseCommandArgs } from '../command.ts';

export async function runFirstboot(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { boot: { type: 'string' }, root: { type: 'string' } });
  const result = await applyFirstboot({ bootDir: values.boot ?? '/boot/firmware', rootDir: values.root ?? '/' });
  const say = (line: string) => process.stderr.write(`${line}\n`);
  if (result.outcome === 'nothing') {
    say(`mre appliance firstboot: no mre.toml or mre.json in ${values.boot ?? '/boot/firmware'}; nothing to apply`);
    return 0;
  }
  if (result.outcome === 'problems') {
    say(`mre appliance firstboot: ${result.file} has ${result.problems.length === 1 ? 'a problem' : `${result.problems.length} problems`}; nothing applied, the file is left in place`);
    for (const problem of result.problems) say(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
  say(`mre appliance firstboot: applied ${result.file}; host name ${result.hostname}`);
  for (const path of result.written) say(`  wrote ${path}`);
  say(`  moved the file to ${result.archived}`);
  return 0;
}
