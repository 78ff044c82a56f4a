/**
 * Types for the part of `discord-api-spec/zod` the sandbox uses. The package's "types"
 * entry points at its JavaScript file, so TypeScript sees no declarations without this.
 * The schemas are zod/mini schemas generated from Discord's OpenAPI description.
 */
declare module 'discord-api-spec/zod' {
  type Schema = import('zod/mini').ZodMiniType;
  export const MessageCreateRequestSchema: Schema;
  export const MessageEditRequestPartialSchema: Schema;
  export const CreateMessageInteractionCallbackRequestSchema: Schema;
  export const UpdateMessageInteractionCallbackRequestSchema: Schema;
  export const ApplicationCommandAutocompleteCallbackRequestSchema: Schema;
  export const ModalInteractionCallbackRequestSchema: Schema;
  export const PongInteractionCallbackRequestSchema: Schema;
  export const LaunchActivityInteractionCallbackRequestSchema: Schema;
  export const IncomingWebhookRequestPartialSchema: Schema;
  export const IncomingWebhookUpdateRequestPartialSchema: Schema;
  export const ApplicationCommandCreateRequestSchema: Schema;
  export const ApplicationCommandUpdateRequestSchema: Schema;
  export const ApplicationCommandPatchRequestPartialSchema: Schema;
  export const CreatePrivateChannelRequestSchema: Schema;
  export const ExternalScheduledEventCreateRequestSchema: Schema;
  export const ExternalScheduledEventPatchRequestPartialSchema: Schema;
}
