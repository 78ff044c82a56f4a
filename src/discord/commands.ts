// Every command module, and the JSON definitions deploy-commands registers.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import follow from '../../commands/follow';
import intervention from '../../commands/intervention';
import letter from '../../commands/letter';
import reminders from '../../commands/reminders';
import settings from '../../commands/settings';
import upr from '../../commands/upr';
import type { CommandModule } from './framework';

export const commandModules: readonly CommandModule[] = [upr, letter, intervention, settings, reminders, follow];

export const commandDefinitions = (): RESTPostAPIChatInputApplicationCommandsJSONBody[] => commandModules.map((c) => c.definition);
