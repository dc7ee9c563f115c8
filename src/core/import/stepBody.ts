// The markdown under one imported step, rewritten into the playbook format: inline-code questions and `- [ ] …?`
// triage questions become `Question:` items, GitLab `>>>` fences their suggested answers, SQL blocks `athena` query
// blocks, AWS CLI commands `aws`/`action` blocks, and a companion `.sql` file named by path its queries.
import { slugify } from '../playbook/ids';
import { isEngineId } from '../playbook/model';
import { awsBlock, mapAwsCommand } from './awsCli';
import type { ImportContext } from './context';
import { convertSql, splitCompanionSql } from './sqlConvert';

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/;
const ITEM = /^(\s*)([-*+]|\d+[.)])(\s+)(.*)$/;
const TASK = /^\[[ xX]\]\s+/;
const CODE_QUESTION = /^[`“”"「『‘’]+(.+?)[`“”"」』‘’\s]*$/;
const ENDS_WITH_QUESTION = /[?？]\s*(?:\([^)]*\))?\s*$/;
const INLINE_AWS = /`(aws\s+[a-z0-9-]+\s+[a-z0-9-]+[^`]*)`/g;
const COMPANION = /(?:\(|`)((?:\.\/)?[\w./ -]*?[\w-]+\.sql)(?:\)|`)/g;
const SQL_LANGS = new Set(['sql', 'athena', 'presto', 'trino', 'postgresql', 'mysql']);
const SHELL_LANGS = new Set(['', 'bash', 'sh', 'shell', 'console', 'zsh', 'powershell', 'ps', 'cmd', 'text']);
const SQL_START = /^\s*(?:SELECT|WITH|SHOW|DESCRIBE|CREATE|MSCK|ALTER|INSERT|DROP)\b/i;
const AWS_COMMAND_LINE = /^\s*(?:\$\s+)?aws\s/;

/** A fence whose text is SQL: by its language, or unlabelled and starting like a statement. */
const isSqlFence = (lang: string, text: string) => SQL_LANGS.has(lang) || (lang === '' && SQL_START.test(text));

interface StepBodyInput {
  stepId: string;
  stepTitle: string;
  lines: string[];
  /** Whether plain list items ending in "?" are questions (a section about questions). */
  questionSection: boolean;
}

export function convertStepBody(input: StepBodyInput, ctx: ImportContext): string[] {
  const out: string[] = [];
  const inlineCommands: string[] = [];
  const companions: string[] = [];
  const lines = input.lines;
  let lastQuestionIndent: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      const end = fenceEnd(lines, i, fence[2]);
      out.push(...convertFence(lines.slice(i, end.close + 1), end.closed, input, ctx));
      i = end.close;
      lastQuestionIndent = undefined;
      continue;
    }
    if (line.trim() === '>>>') {
      let j = i + 1;
      const answers: string[] = [];
      while (j < lines.length && lines[j].trim() !== '>>>') answers.push(lines[j++]);
      out.push(...answerLines(answers, lastQuestionIndent));
      i = j;
      continue;
    }
    for (const m of line.matchAll(INLINE_AWS)) inlineCommands.push(...m[1].split(/\s*&&\s*/));
    for (const m of line.matchAll(COMPANION)) companions.push(m[1].trim());
    const item = ITEM.exec(line);
    if (!item) {
      if (line.trim()) lastQuestionIndent = undefined;
      out.push(line);
      continue;
    }
    const question = questionText(item[4], input.questionSection);
    if (question !== undefined) {
      out.push(`${item[1]}${item[2]}${item[3]}Question: ${question}`);
      lastQuestionIndent = item[1].length + item[2].length + item[3].length;
      ctx.counts.questions++;
    } else {
      out.push(line);
      lastQuestionIndent = undefined;
    }
  }
  out.push(...inlineCommandBlocks(inlineCommands, input, ctx));
  out.push(...companionBlocks(companions, input, ctx));
  return out;
}

/**
 * Whether some markdown holds what a step would turn into a query block: a SQL fence, an AWS CLI command (in a shell
 * fence or inline code), or a companion `.sql` file named by path.
 */
export function holdsQueryOrCommand(lines: string[]): boolean {
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]);
    if (!fence) {
      if (lines[i].match(INLINE_AWS) || lines[i].match(COMPANION)) return true;
      continue;
    }
    const end = fenceEnd(lines, i, fence[2]).close;
    const lang = fence[3].trim().split(/\s+/)[0].toLowerCase();
    const body = lines.slice(i + 1, end);
    if (isSqlFence(lang, body.join('\n'))) return true;
    if (SHELL_LANGS.has(lang) && body.some(l => AWS_COMMAND_LINE.test(l))) return true;
    i = end;
  }
  return false;
}

/** The text of a question, or undefined when the item is none. */
function questionText(text: string, questionSection: boolean): string | undefined {
  const code = CODE_QUESTION.exec(text.trim());
  if (code && /[`“"「『‘]/.test(text.trim()[0]) && /[?？]$/.test(code[1].trim())) return code[1].trim();
  const task = TASK.exec(text);
  if (task && ENDS_WITH_QUESTION.test(text)) return text.slice(task[0].length).trim();
  const alreadyQuestion = /^(?:\*\*|__)?question/i.test(text);
  if (!task && questionSection && ENDS_WITH_QUESTION.test(text) && !alreadyQuestion) return text.trim();
  return undefined;
}

/** A `>>>` fence's lines: suggestions under the question above it, or a quote when there is none. */
function answerLines(lines: string[], questionIndent: number | undefined): string[] {
  const answers = lines.map(l => l.replace(/\\\s*$/, '').trim()).filter(Boolean);
  if (questionIndent === undefined) return answers.map(a => `> ${a}`);
  return answers.map(a => `${' '.repeat(questionIndent)}- ${a}`);
}

function fenceEnd(lines: string[], start: number, marker: string): { close: number; closed: boolean } {
  for (let j = start + 1; j < lines.length; j++) {
    const t = lines[j].trim();
    if (t[0] === marker[0] && t.length >= marker.length && /^(`+|~+)$/.test(t)) return { close: j, closed: true };
  }
  return { close: lines.length - 1, closed: false };
}

function convertFence(block: string[], closed: boolean, input: StepBodyInput, ctx: ImportContext): string[] {
  const open = FENCE.exec(block[0])!;
  const indent = open[1];
  const marker = open[2];
  const lang = open[3].trim().split(/\s+/)[0].toLowerCase();
  const content = closed ? block.slice(1, -1) : block.slice(1);
  const body = content.map(l => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
  const text = body.join('\n');
  const title = input.stepTitle;
  if (isSqlFence(lang, text) && text.trim()) {
    return text
      .split(/;\s*(?:\n|$)/)
      .map(s => s.trim())
      .filter(Boolean)
      .flatMap(sql => athenaBlock(sql, title, input, ctx))
      .map(l => (l ? indent + l : l));
  }
  // Ordinary code stays as it was; an info string that names an engine would make it a query block, so it is cut.
  const info = isEngineId(lang) || lang === 'aws' || lang === 'action' ? 'text' : lang;
  const kept = [`${indent}${marker}${info}`, ...content, `${indent}${marker}`];
  if (!SHELL_LANGS.has(lang)) return kept;
  const commands = joinContinuations(body).filter(l => AWS_COMMAND_LINE.test(l));
  return [...kept, ...commands.flatMap(c => commandBlock(c, input, ctx)).map(l => (l ? indent + l : l))];
}

/**
 * Command lines as a shell reads them: a `\` at the end continues the line, and so does a quote left open (a JSON
 * policy document written over several lines inside `'…'`), whose line breaks stay in the value.
 */
function joinContinuations(lines: string[]): string[] {
  const out: string[] = [];
  let pending = '';
  let quote: string | undefined;
  for (const line of lines) {
    const text = quote ? `${pending}\n${line}` : pending + line;
    quote = openQuoteAfter(line, quote);
    if (quote) {
      pending = text;
    } else if (/\\\s*$/.test(line)) {
      pending = `${text.replace(/\\\s*$/, '')} `;
    } else {
      out.push(text);
      pending = '';
    }
  }
  if (pending) out.push(pending);
  return out.map(l => l.replace(/\s+#\s.*$/, '').trim());
}

/** The quote still open at the end of a line, given the one open at its start. */
function openQuoteAfter(line: string, open: string | undefined): string | undefined {
  let quote = open;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === '"' && c === '\\') i++;
    else if (quote) quote = c === quote ? undefined : quote;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
  }
  return quote;
}

function athenaBlock(sql: string, title: string, input: StepBodyInput, ctx: ImportContext): string[] {
  const converted = convertSql(sql, ctx.parameters);
  for (const literal of converted.left) {
    ctx.unmapped.push({ kind: 'placeholder', text: literal, where: input.stepTitle });
  }
  const base = input.stepId.length > 48 ? slugify(input.stepId, 'q').slice(0, 45) : input.stepId;
  const id = ctx.queryIds.claim(`${base}-q`);
  ctx.counts.athena++;
  const fence = converted.text.includes('```') ? '~~~~' : '```';
  return ['', `${fence}athena id=${id} title="${quoteSafe(title)}"`, ...converted.text.split('\n'), fence, ''];
}

function commandBlock(command: string, input: StepBodyInput, ctx: ImportContext): string[] {
  const mapped = mapAwsCommand(command, ctx.parameters);
  if ('problem' in mapped) {
    ctx.unmapped.push({ kind: 'aws-command', text: command, where: input.stepTitle, reason: mapped.problem });
    return [];
  }
  const lookup = mapped.call.service === 'cloudtrail' && mapped.call.operation === 'LookupEvents';
  const kind = lookup ? 'cloudtrail' : mapped.call.kind;
  const block = awsBlock(mapped.call, ctx.queryIds.claim(`${input.stepId}-${kind}`));
  if ('problem' in block) {
    ctx.unmapped.push({ kind: 'aws-command', text: command, where: input.stepTitle, reason: block.problem });
    return [];
  }
  ctx.counts[kind]++;
  return ['', ...block.lines, ''];
}

function inlineCommandBlocks(commands: string[], input: StepBodyInput, ctx: ImportContext): string[] {
  const unique = [...new Set(commands.map(c => c.trim()).filter(c => /^aws\s/.test(c)))];
  const blocks = unique.flatMap(c => commandBlock(c, input, ctx));
  return blocks.length ? ['', '**AWS CLI calls named in this step:**', ...blocks] : [];
}

function companionBlocks(paths: string[], input: StepBodyInput, ctx: ImportContext): string[] {
  const out: string[] = [];
  for (const path of [...new Set(paths)]) {
    const text = ctx.readCompanion?.(path);
    if (text === undefined) {
      ctx.unmapped.push({
        kind: 'companion-file',
        text: path,
        where: input.stepTitle,
        reason: "the file could not be read (missing, outside the playbook's folder, or too large)",
      });
      continue;
    }
    out.push('', `**Queries from \`${path}\`:**`);
    for (const q of splitCompanionSql(text)) {
      if (q.purpose) out.push('', q.purpose);
      out.push(...athenaBlock(q.sql, q.title, { ...input, stepTitle: q.title }, ctx));
    }
  }
  return out;
}

function quoteSafe(text: string): string {
  return text.replace(/"/g, "'").replace(/\s+/g, ' ').trim().slice(0, 100);
}
