/** The app's MessagingConfig, for providers of the messaging module. */
export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');
