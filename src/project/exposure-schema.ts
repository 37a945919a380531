import { z } from 'zod';

// Exposures and groups: the two things a properties file declares that are people, not relations.

const ownerSchema = z.object({ name: z.string().optional(), email: z.union([z.string(), z.array(z.string())]).optional() }).passthrough();

/** dbt's group: a name and an owner; models join it with `group:` and may be `access: private` to it. */
export const groupSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _'),
    owner: ownerSchema,
    description: z.string().optional(),
    config: z.object({ meta: z.record(z.string(), z.unknown()) }).partial().strict().optional(),
  })
  .strict();
export type GroupProperties = z.infer<typeof groupSchema>;

/**
 * dbt's exposure (a dashboard, notebook, app... that reads the project), as its docs write one:
 * `depends_on` lists `ref('x')` / `source('s', 't')` / `metric('m')` strings.
 */
export const exposureSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _ (put the display name in label:)'),
    type: z.enum(['dashboard', 'notebook', 'analysis', 'ml', 'application']),
    owner: ownerSchema,
    label: z.string().optional(),
    description: z.string().optional(),
    maturity: z.enum(['low', 'medium', 'high']).optional(),
    url: z.string().optional(),
    depends_on: z.array(z.string()).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    tags: z.union([z.string(), z.array(z.string())]).optional(),
    config: z.object({ enabled: z.boolean(), tags: z.union([z.string(), z.array(z.string())]), meta: z.record(z.string(), z.unknown()) }).partial().strict().optional(),
  })
  .strict();
export type ExposureProperties = z.infer<typeof exposureSchema>;
