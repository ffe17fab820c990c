/** Hostile inputs, each a file name, its text and the findings (`ruleId/messageId level`) it must end in. */
export function hostileFiles(): { name: string; text: string; expect: string[] }[];
