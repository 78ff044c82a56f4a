// Every command module, and the JSON definitions deploy-commands registers.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import audit from '../../commands/audit';
import backup from '../../commands/backup';
import intervention from '../../commands/intervention';
import letter from '../../commands/letter';
import reminders from '../../commands/reminders';
import settings from '../../commands/settings';
import upr from '../../commands/upr';
import { auditWrites } from './audit-writes';
import type { CommandModule } from './framework';

// Changes are audited: the list goes through auditWrites wherever it is composed.
export const commandModules: readonly CommandModule[] = [upr, letter, intervention, settings, reminders, audit, backup].map(auditWrites);

export const commandDefinitions = (): RESTPostAPIChatInputApplicationCommandsJSONBody[] => commandModules.map((c) => c.definition);
