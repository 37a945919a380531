import { z } from 'zod';

/** dbt's `docs:` of a resource: whether the docs site shows it, and its colour there. */
const docsSchema = z.object({ show: z.boolean(), node_color: z.string() }).partial().strict();

/**
 * dbt's macro properties (`macros:` in a properties file): what the docs site and the manifest say
 * about a macro (its description and arguments); nothing here changes what the macro renders.
 */
export const macroPropertiesSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of a macro: letters, digits and _'),
    description: z.string().optional(),
    arguments: z.array(z.object({ name: z.string().min(1), type: z.string().optional(), description: z.string().optional() }).strict()).optional(),
    docs: docsSchema.optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    config: z.object({ docs: docsSchema, meta: z.record(z.string(), z.unknown()) }).partial().strict().optional(),
  })
  .strict();
export type MacroProperties = z.infer<typeof macroPropertiesSchema>;
