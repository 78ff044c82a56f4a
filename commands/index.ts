// Every slash command the bot offers. The composition roots (src/app.ts for the bot,
// src/deploy-commands.ts for registration) hand this list to the Discord layer.
import { auditWrites } from '../src/discord/audit-writes';
import type { CommandModule } from '../src/discord/framework';
import audit from './audit';
import backup from './backup';
import intervention from './intervention';
import letter from './letter';
import reminders from './reminders';
import settings from './settings';
import upr from './upr';

// Every change a command makes is audited: each module goes through auditWrites here, once.
export const commandModules: readonly CommandModule[] = [upr, letter, intervention, settings, reminders, audit, backup].map(auditWrites);

/** The JSON definitions registered with Discord. */
export const commandDefinitions = () => commandModules.map((c) => c.definition);
