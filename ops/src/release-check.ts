#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OpsConfigError } from './ops-errors';
import {
  compareReleases,
  RELEASE_PATHS,
  unreleasedSection,
  type Finding,
  type Tree,
} from './release/release-compare';

/**
 * `npm run release:check -- --against <git-ref> [--diffs]`: compares the working tree with the
 * previous release (a tag or commit): contract schemas, the gateway's OpenAPI operations, and the
 * versioned policies, templates and KPI configurations, with the CHANGELOG's rationale. Prints one
 * line per finding (and each document diff with --diffs); exits 1 when anything fails.
 */

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function treeAtRef(cwd: string, ref: string, paths: string[]): Tree {
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new OpsConfigError(
      '--against',
      `names no commit: '${ref}'`,
      'Give the previous release tag or commit, e.g. --against v0.1.0 (git tag lists them).',
    );
  }
  const files = git(cwd, ['ls-tree', '-r', '-z', '--name-only', ref, '--', ...paths])
    .split('\0')
    .filter(Boolean);
  return new Map(files.map((file) => [file, git(cwd, ['show', `${ref}:${file}`])]));
}

export function workingTree(cwd: string, paths: string[]): Tree {
  const walk = (path: string): string[] => {
    const full = join(cwd, path);
    if (!existsSync(full)) return [];
    if (!statSync(full).isDirectory()) return [path];
    return readdirSync(full).flatMap((entry) => walk(join(path, entry)));
  };
  const files = paths.flatMap((path) => walk(path.replace(/\/$/, '')));
  return new Map(files.map((file) => [file, readFileSync(join(cwd, file), 'utf8')]));
}

export function releaseFindings(cwd: string, ref: string): Finding[] {
  const changelogFile = join(cwd, 'CHANGELOG.md');
  return compareReleases({
    previous: treeAtRef(cwd, ref, RELEASE_PATHS),
    current: workingTree(cwd, RELEASE_PATHS),
    changelog: existsSync(changelogFile) ? unreleasedSection(readFileSync(changelogFile, 'utf8')) : '',
  });
}

function main(): number {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { against: { type: 'string' }, diffs: { type: 'boolean', default: false } },
  });
  if (!values.against) {
    throw new OpsConfigError(
      '--against',
      'is required',
      'Name the previous release: npm run release:check -- --against v0.1.0',
    );
  }
  const findings = releaseFindings(process.cwd(), values.against);
  for (const finding of findings) {
    console.log(
      `${finding.verdict.toUpperCase().padEnd(6)} ${finding.area.padEnd(9)} ${finding.subject}: ${finding.message}`,
    );
    if (values.diffs && finding.diff) console.log(finding.diff);
  }
  const failed = findings.filter((finding) => finding.verdict === 'fail').length;
  console.log(
    `${findings.length} changes since ${values.against}: ${failed} failing, ${findings.filter((finding) => finding.verdict === 'review').length} to review`,
  );
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    console.error(error instanceof OpsConfigError ? `${error.message}\n${error.hint}` : error);
    process.exitCode = 2;
  }
}
