// Apart from the rule schemas (re-exported there) so the renderer's shell loads no zod.

/** Which (rule, grid) a firing is about: a rule fires once per key until its window has passed. */
export const firingKey = (ruleId: string, gridId: string | null): string => `${ruleId}@${gridId ?? '*'}`;
