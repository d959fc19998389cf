import { expect, type test as base } from '@playwright/test';

/**
 * The page throws nothing and AG Grid complains of nothing (a grid feature used without its
 * module registered says so only in the console). Refused requests and CSP reports are tests' own.
 */
export function failOnPageProblems(test: typeof base): void {
  let problems: string[] = [];
  test.beforeEach(({ page }) => {
    problems = [];
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.text().includes('AG Grid')) problems.push(`${msg.type()}: ${msg.text()}`);
    });
  });
  test.afterEach(() => {
    expect(problems).toEqual([]);
  });
}
