// Every slash command the bot offers. The composition roots (src/app.ts for the bot,
// src/deploy-commands.ts for registration) hand this list to the Discord layer.
import type { CommandModule } from '../src/discord/framework';
import intervention from './intervention';
import letter from './letter';
import reminders from './reminders';
import settings from './settings';
import upr from './upr';

export const commandModules: readonly CommandModule[] = [upr, letter, intervention, settings, reminders];

/** The JSON definitions registered with Discord. */
export const commandDefinitions = () => commandModules.map((c) => c.definition);
