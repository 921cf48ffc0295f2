/** The two APIs the sandbox serves on the same cards: a card or charge remembers which made it. */
export const API_FLAVOURS = ['LITHIC', 'PRIVACY'] as const;
export type ApiFlavour = (typeof API_FLAVOURS)[number];
