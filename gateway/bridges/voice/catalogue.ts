// The voice command catalogue: every sentence the wall answers, generated from
// the names it shows and what the configuration supports (a pure function of
// its input, so it is regenerated whenever a name changes). English sentences
// are recognised; Korean ones are listed with the same intents and actions and
// recognised once a Korean engine is configured.
//
// Words are chosen to sound distinct: names instead of numbers ("second page",
// "the nearest camera"), and every name inside a carrier phrase ("show …"), so
// no command is a lone short word. `select-district` has no phrasing: it shows
// the district page as "show X" does, and "select X" was heard as "go to X".
import { CatalogueBuilder } from './catalogue-builder.js';
import { cameraControlCommands, displayPowerCommands, helpCommands, movingCommands, orderCommands } from './catalogue-controls.js';
import { cameraCommands, cityCommands, districtCommands, listCommands, pageCommands, speakableCategories } from './catalogue-names.js';
import type { CatalogInput } from './names.js';
import type { Catalogue } from './voice-command.js';

export { districtEn, speakable } from './phrasing.js';
export { intentKey, normalise, type Catalogue, type Intent, type Lang, type VoiceCommand } from './voice-command.js';

/** Builds the catalogue. Pure: the same input gives the same commands, in the same order. */
export function buildCatalogue(input: CatalogInput): Catalogue {
  const { names, capabilities: cap } = input;
  const b = new CatalogueBuilder();
  movingCommands(b, cap.microphone);
  if (cap.help) helpCommands(b);
  if (cap.displayPower) displayPowerCommands(b);
  pageCommands(b, names.pages);
  const categories = speakableCategories(b, names.categories);
  districtCommands(b, names, categories);
  cityCommands(b, names, categories);
  listCommands(b, names.lists);
  if (cap.cameras && names.cameras.length > 0) {
    cameraControlCommands(b);
    cameraCommands(b, names.cameras);
  }
  if (cap.orders) orderCommands(b, names.orderTemplates);
  return { commands: b.commands, skipped: b.skipped };
}
