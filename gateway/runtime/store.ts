// The store at start-up: opened (a corrupt file moved aside and a fresh one
// made), or the gateway exits with the code a technician acts on.
import { join } from 'node:path';
import type { Config } from '../config/load.js';
import { settingOf } from '../config/setting.js';
import type { Logger } from '../logger.js';
import { openStore, StoreOpenError } from '../store/open.js';
import { EXIT } from './exit-codes.js';

export function openStoreOrExit(config: Config, log: Logger): ReturnType<typeof openStore> {
  let opened: ReturnType<typeof openStore>;
  try {
    opened = openStore(join(config.dataDir, 'scpm.db'), config.store, { dataDirSetting: settingOf(config, 'dataDir') });
  } catch (err) {
    if (!(err instanceof StoreOpenError)) throw err;
    log.fatal({ dataDir: config.dataDir }, err.message);
    process.exit(err.kind === 'data-dir' ? EXIT.dataDir : EXIT.store);
  }
  const { recovery } = opened;
  if (recovery) log.error({ movedTo: recovery.movedTo, reason: recovery.reason }, 'store: scpm.db was corrupt; moved aside, and a fresh store created (the city\'s retained state refills it)');
  return opened;
}
