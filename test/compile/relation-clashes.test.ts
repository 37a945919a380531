import { describe, expect, it } from 'vitest';
import { compileErrors, compileFiles } from '../helpers/compile.js';

const ingested = [
  'sources:',
  '  - name: raw',
  '    schema: main',
  '    tables:',
  '      - name: customers',
  '      - name: orders',
  '        ingest:',
  '          file: {path: data/orders.csv}',
  '',
].join('\n');

describe('relations written twice', () => {
  it('a model named like an ingested source table is an error naming both files and what to do', () => {
    const errors = compileErrors({ 'sources/raw.yml': ingested, 'models/orders.sql': "select * from {{ source('raw', 'orders') }}" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      file: 'models/orders.sql',
      message: "model 'orders' and ingested source table 'raw.orders' (sources/raw.yml:6) both write the relation main.orders: each build would replace the other's table",
      hint: "rename the model, or give it another relation with config(alias='...') or config(schema='...')",
    });
  });

  it('an alias onto a seed points at the config line; a declared source with that name is fine', () => {
    const errors = compileErrors({
      'seeds/countries.csv': 'code\nNO\n',
      'sources/raw.yml': ingested,
      'models/stg_countries.sql': "{{ config(\n  alias='COUNTRIES'\n) }}\nselect * from {{ ref('countries') }}",
      'models/customers.sql': 'select 1 as id',
    });
    expect(errors.map((e) => [e.file, e.line, e.message])).toEqual([
      ['models/stg_countries.sql', 2, "model 'stg_countries' and seed 'countries' (seeds/countries.csv) both write the relation main.COUNTRIES: each build would replace the other's table"],
    ]);
  });

  it('a seed and an ingested table: the hint says how to move either', () => {
    const errors = compileErrors({ 'seeds/orders.csv': 'id\n1\n', 'sources/raw.yml': ingested });
    expect(errors[0]?.message).toContain("seed 'orders' (seeds/orders.csv) both write the relation main.orders");
    expect(errors[0]?.hint).toMatch(/identifier: \(or the source a schema:\)/);
  });

  it('the same name in another schema, or an ephemeral model, does not clash', () => {
    expect(() => compileFiles({
      'sources/raw.yml': ingested.replace('schema: main', 'schema: raw'),
      'models/orders.sql': "select * from {{ source('raw', 'orders') }}",
      'models/eph.sql': "{{ config(materialized='ephemeral', alias='countries') }}\nselect 1 as id",
      'seeds/countries.csv': 'code\nNO\n',
    })).not.toThrow();
  });
});
