import { z } from 'zod';

/** A stored row that does not read as what it should be: the database was changed outside the app. */
export class StoredDataError extends Error {
  override name = 'StoredDataError';
}

/**
 * Reads one row of `table` (already renamed to the domain's field names) with `schema`, so a value
 * that crosses from SQLite into the domain is checked once, here: enum text, JSON, encoded times and
 * days. A row that does not fit is an error naming the table and each problem.
 */
export function rowReader<T>(table: string, schema: z.ZodType<T>): (value: unknown) => T {
  return (value) => {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new StoredDataError(`a row of ${table} does not read: ${z.prettifyError(result.error)}`);
    }
    return result.data;
  };
}
