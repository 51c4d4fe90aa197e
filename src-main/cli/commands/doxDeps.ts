import type { Command } from 'commander';
import { insertDoxPush } from '../../dox/migration';
import { envClientOptions, loadDoxJwt } from '../../dox/service';
import { APP_VERSION } from '../../version';
import { ExportError, loadRunExport } from '../../export/runExport';
import { appFor, dataDirOf } from '../context';
import { CliError, ExitCode, UsageError } from '../errors';
import type { DoxCliDeps } from './dox';

/** The app-side services behind `workbench dox …`: run exports from the store, push history. */
export function doxDepsFor(program: Command): DoxCliDeps {
  return {
    get dataDir() {
      return dataDirOf(program);
    },
    async loadExport(kind, idOrLatest, formats) {
      const app = appFor(program);
      const id = idOrLatest === 'latest' ? 'latest' : Number(idOrLatest);
      if (id !== 'latest' && (!Number.isInteger(id) || id < 1)) throw new UsageError(`--${kind}: expected a positive id or "latest", got "${idOrLatest}"`);
      try {
        if (kind === 'run') return loadRunExport(app, id, formats);
        const { loadValidationExport } = await import('../../export/validationExport');
        return loadValidationExport(app, id, formats);
      } catch (e) {
        if (e instanceof ExportError) throw new CliError(e.message);
        // As `report`: an unknown id (or "latest" with nothing stored) is a failure (1), not a usage error (2).
        if ((e as { code?: string }).code === 'not_found') throw new CliError((e as Error).message, ExitCode.failure);
        throw e;
      }
    },
    // The JWT stored by the app (secret store), else DOX_JWT / DOX_TOKEN from the environment.
    getJwt: async () => (await loadDoxJwt(appFor(program)))?.jwt,
    recordPush(manifest) {
      insertDoxPush(appFor(program).db, manifest);
    },
    // The app's Connection saves the URL in the settings: the CLI goes to the same DoX.
    savedUrl: () => appFor(program).settings.get().doxUrl,
    // As the app's client: WORKBENCH_DOX_DATAVZRD_PORT says where datavzrd answers.
    clientOptions: envClientOptions(process.env),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    appVersion: APP_VERSION,
  };
}
