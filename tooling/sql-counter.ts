import type { Logger as TypeOrmLogger } from 'typeorm';

/** Counts SQL statements a data source sends: the batching tests read it, nothing else depends on it. */
export class SqlCounter implements TypeOrmLogger {
  count = 0;
  readonly statements: string[] = [];
  constructor(private readonly keepStatements = false) {}
  logQuery(query: string): void {
    this.count++;
    if (this.keepStatements) this.statements.push(query);
  }
  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
