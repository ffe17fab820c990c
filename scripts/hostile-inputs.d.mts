/** One YAML document of six levels of 9-fold aliases: about 600,000 nodes once expanded. */
export function aliasDocument(): string;
/** Hostile inputs, each a file name, its text and the findings (`ruleId/messageId level`) it must end in. */
export function hostileFiles(): { name: string; text: string; expect: string[] }[];
