import { z } from 'zod';

/**
 * dbt's exposure (a dashboard, notebook, app... that reads the project), as its docs write one:
 * `depends_on` lists `ref('x')` / `source('s', 't')` / `metric('m')` strings.
 */
export const exposureSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _ (put the display name in label:)'),
    type: z.enum(['dashboard', 'notebook', 'analysis', 'ml', 'application']),
    owner: z.object({ name: z.string().optional(), email: z.union([z.string(), z.array(z.string())]).optional() }).passthrough(),
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
