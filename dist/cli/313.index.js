export const id = 313;
export const ids = [313];
export const modules = {

/***/ 9313:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cliRepairs: () => (/* binding */ cliRepairs),
  verify: () => (/* binding */ verify)
});

// EXTERNAL MODULE: ./src/cli/cli-output.ts + 2 modules
var cli_output = __webpack_require__(5880);
// EXTERNAL MODULE: ./src/config/parse-export.ts
var parse_export = __webpack_require__(4540);
// EXTERNAL MODULE: ./src/config/registry.ts
var registry = __webpack_require__(4355);
// EXTERNAL MODULE: ./src/config/setting-names.ts
var setting_names = __webpack_require__(4523);
;// CONCATENATED MODULE: ./src/report/verify-report.ts
function repairLines(repairs, spelling) {
    return repairs.map((repair) => {
        switch (repair.kind) {
            case 'backfill':
                return spelling.backfill(repair.from, repair.to, repair.tables === true);
            case 'export':
                return spelling.export(repair.resources);
            case 'restore':
                return `restore the object from S3 versioning (Harvest no longer has its entries): ${repair.keys.join(', ')}`;
        }
    });
}
function verifyHeadline(result) {
    const span = result.from && result.to ? `, ${result.from}..${result.to}` : '';
    const checked = `${result.daysChecked} day files (${result.entries} entries${span}), ${result.harvestRequests} Harvest requests`;
    const count = result.problems.length;
    return count === 0
        ? `Verified ${checked}: the archive is whole.`
        : `Verified ${checked}: ${count} ${count === 1 ? 'problem' : 'problems'}.`;
}
function verifyText(result, spelling) {
    const lines = [verifyHeadline(result)];
    if (result.problems.length > 0) {
        const rows = [
            ['kind', 'key or month', 'detail'],
            ...result.problems.map((p) => [p.kind, p.key, p.detail])
        ];
        const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
        lines.push('', ...rows.map((row) => `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`));
    }
    const repairs = repairLines(result.repairs, spelling);
    if (repairs.length > 0)
        lines.push('', 'Repair:', ...repairs.map((line) => `  ${line}`));
    return lines.join('\n');
}
const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
function verifyMarkdown(result, spelling) {
    const lines = ['## Harvest archive verify', '', verifyHeadline(result), ''];
    if (result.problems.length > 0) {
        lines.push('| Kind | Key or month | Detail |', '|---|---|---|');
        for (const p of result.problems)
            lines.push(`| ${cell(p.kind)} | \`${cell(p.key)}\` | ${cell(p.detail)} |`);
        lines.push('');
    }
    const repairs = repairLines(result.repairs, spelling);
    if (repairs.length > 0)
        lines.push('### Repair', '', ...repairs.map((line) => `- ${line}`), '');
    return lines.join('\n');
}
/** `--json` and the Lambda result: snake_case, as the export's summary. */
function verifyJson(result, spelling) {
    return {
        problems: result.problems.map(({ kind, key, detail }) => ({ kind, key, detail })),
        days_checked: result.daysChecked,
        entries: result.entries,
        ...(result.from && { from: result.from, to: result.to }),
        harvest_requests: result.harvestRequests,
        repairs: repairLines(result.repairs, spelling)
    };
}
function verifyOutputs(result) {
    return {
        'verify-problems': String(result.problems.length),
        'verified-days': String(result.daysChecked)
    };
}

// EXTERNAL MODULE: ./src/connect.ts + 2 modules
var connect = __webpack_require__(6290);
// EXTERNAL MODULE: ./src/late-edits/harvest-reads.ts
var harvest_reads = __webpack_require__(5101);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/export/layout.ts
var layout = __webpack_require__(4494);
// EXTERNAL MODULE: ./src/resources/names.ts
var names = __webpack_require__(3149);
// EXTERNAL MODULE: ./src/resources/object-key.ts
var object_key = __webpack_require__(7888);
// EXTERNAL MODULE: ./src/state/parse-state.ts
var parse_state = __webpack_require__(1562);
// EXTERNAL MODULE: ./src/state/sync-state.ts
var sync_state = __webpack_require__(1334);
// EXTERNAL MODULE: ./src/util/calendar.ts
var calendar = __webpack_require__(5200);
// EXTERNAL MODULE: ./src/wording.ts
var wording = __webpack_require__(3395);
// EXTERNAL MODULE: ./src/tables/table-keys.ts
var table_keys = __webpack_require__(6778);
// EXTERNAL MODULE: ./src/export/serialize.ts
var serialize = __webpack_require__(6176);
// EXTERNAL MODULE: ./src/util/hash.ts
var hash = __webpack_require__(5138);
;// CONCATENATED MODULE: ./src/verify/day-files.ts



/**
 * Checks one day file's bytes the way the exporter writes them: they parse; every entry is of
 * the file's own day; the entries are in day-file order and serialized exactly (format,
 * indentation, final newline); no id is in another day file; and the SHA-256 the exporter
 * stored beside the bytes still matches them. Returns the problems and the entries counted.
 */
function checkDayFile(object, date, format, prefix, seen) {
    const problems = [];
    const problem = (kind, detail, about) => problems.push({ kind, key: object.key, detail, ...about });
    if (object.sha256 !== undefined && object.sha256 !== (0,hash/* sha256Hex */.fg)(object.body))
        problem('sha256', 'sha256 metadata differs: changed outside harvest-s3-export');
    const entries = (0,serialize/* parseEntries */.Km)(object.body);
    if (entries === undefined) {
        problem('unreadable', format === 'json' ? 'not valid JSON' : 'not valid NDJSON');
        return { problems, entries: 0 };
    }
    for (const entry of entries) {
        if (entry.spent_date !== date) {
            const day = String(entry.spent_date);
            problem('wrong-day', `entry ${String(entry.id)} belongs to ${day}`, { entryDay: day });
        }
        const other = seen.get(entry.id);
        if (other === undefined)
            seen.set(entry.id, object.key);
        else {
            // The problem table shows the key without the prefix, so a long prefix stays readable.
            const short = other.startsWith(prefix) ? other.slice(prefix.length) : other;
            const detail = `duplicate id ${String(entry.id)} also in ${short}`;
            problem('duplicate-id', detail, { otherKey: other });
        }
    }
    const sorted = (0,serialize/* sortEntries */.R3)([...entries]);
    if (sorted.some((entry, index) => entry !== entries[index]))
        problem('not-sorted', 'not sorted');
    else if (!(0,serialize/* serializeEntries */.XM)(entries, format).equals(object.body))
        problem('not-canonical', `not serialized as harvest-s3-export writes ${format}`);
    return { problems, entries: entries.length };
}
/**
 * Reads `keys` with at most `ahead` GETs in flight and hands each object to `visit` in key
 * order, so results do not depend on which GET answers first and at most `ahead` bodies are
 * held at a time however large the archive grows. An object gone since the LIST is
 * `undefined`. The first failed read fails the whole walk, once the reads in flight settle.
 */
async function readInOrder(keys, ahead, get, visit) {
    const pending = [];
    let next = 0;
    try {
        for (let index = 0; index < keys.length; index++) {
            while (next < keys.length && pending.length < Math.max(1, ahead)) {
                const read = get(keys[next++]);
                // Awaited in turn below: a failure ahead of its turn is not unhandled meanwhile.
                read.catch(() => undefined);
                pending.push(read);
            }
            visit(keys[index], await pending.shift(), index);
        }
    }
    finally {
        await Promise.allSettled(pending);
    }
}
/**
 * Checks every listed day file (`checkDayFile`), reading each once, `ahead` at a time, in
 * key order. Each finding names the months a backfill must cover to repair it: the file's
 * own, and that of the entry's real day or of the other file holding a duplicate id.
 * Returns the findings, the entries per file's date (undefined where the file is unreadable)
 * and, for the table checks, the entry ids per month of `keepIds`.
 */
async function readDayFiles(store, scheme, days, options) {
    const read = {
        findings: [],
        counts: new Map(),
        monthIds: new Map(),
        entries: 0
    };
    const seen = new Map();
    const dates = [...days.keys()];
    const keys = dates.map((date) => days.get(date).key);
    const monthOf = (date) => date?.match(/^\d{4}-\d{2}(?=-\d{2})/)?.[0];
    await readInOrder(keys, options.ahead, (key) => store.get(key), (key, object, index) => {
        const date = dates[index];
        const month = date.slice(0, 7);
        options.progress?.(index + 1, keys.length);
        // Deleted since the LIST: another writer's business, not damage.
        if (object === undefined)
            return;
        const checked = checkDayFile({ ...object, key }, date, scheme.format, scheme.prefix, seen);
        for (const { entryDay, otherKey, ...problem } of checked.problems) {
            const other = otherKey === undefined ? entryDay : (0,layout/* dateOfKey */.$6)(scheme, otherKey);
            const months = new Set([month, monthOf(other) ?? month]);
            read.findings.push({ problem, months: [...months] });
        }
        const unreadable = checked.problems.some((problem) => problem.kind === 'unreadable');
        read.counts.set(date, unreadable ? undefined : checked.entries);
        read.entries += checked.entries;
        if (options.keepIds.has(month) && !unreadable) {
            const ids = read.monthIds.get(month) ?? read.monthIds.set(month, []).get(month);
            for (const entry of (0,serialize/* parseEntries */.Km)(object.body) ?? [])
                ids.push(Number(entry.id));
        }
    });
    return read;
}

;// CONCATENATED MODULE: ./src/verify/findings.ts
/** A problem a backfill over `months` repairs. */
const finding = (kind, key, detail, months) => ({ problem: { kind, key, detail }, months });

;// CONCATENATED MODULE: ./src/verify/harvest-counts.ts


/**
 * Harvest's counts against the archive's over `range`: one probe per year, then one per month
 * inside a year that differs; a month that differs is a finding naming both counts. `also`
 * are months whose counts are wanted anyway (where damaged files sit, to tell whether Harvest
 * still has their data); each month is probed at most once. Returns the months counted.
 */
async function compareWithHarvest(counter, range, archiveCount, also) {
    const findings = [];
    const months = new Map();
    // Both counts of `from..to` clipped to the archive's range.
    const count = async (from, to) => {
        const span = { from: from < range.from ? range.from : from, to: to > range.to ? range.to : to };
        const harvest = await counter.countEntries(span.from, span.to);
        return { harvest, archive: archiveCount(span.from, span.to) };
    };
    for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)); year++) {
        const whole = await count(`${year}-01-01`, `${year}-12-31`);
        for (let number = 1; number <= 12; number++) {
            const month = `${year}-${String(number).padStart(2, '0')}`;
            const inRange = `${month}-01` <= range.to && (0,calendar/* lastDayOfMonth */.WD)(month) >= range.from;
            if (!inRange || (whole.harvest === whole.archive && !also.has(month)))
                continue;
            const counted = await count(`${month}-01`, (0,calendar/* lastDayOfMonth */.WD)(month));
            months.set(month, counted);
            if (counted.harvest === counted.archive)
                continue;
            const detail = `Harvest has ${counted.harvest} entries in ${month}, the archive ${counted.archive}`;
            findings.push(finding('harvest-count', month, detail, [month]));
        }
    }
    return { findings, months };
}

;// CONCATENATED MODULE: ./src/verify/repairs.ts

/** A backfill window's longest span in months, under the window limit of 3,661 days. */
const MAX_MONTHS = 120;
/**
 * Decides each finding's repair and gathers them: months with findings are backfilled in as
 * few windows as adjacent months allow, clipped to the archive's range. Where Harvest no
 * longer has a month's entries (it counts none there while the archive holds some), a
 * backfill would empty those days instead: their objects must be restored from S3 versioning
 * (and that month's count difference alone needs no repair).
 */
function planRepairs(findings, range, months, stateCount, tables = false) {
    const gone = (month) => {
        const count = months.get(month);
        return count?.harvest === 0 && (count.archive > 0 || stateCount(month) > 0);
    };
    const backfill = new Set();
    const restore = new Set();
    const resources = new Set();
    for (const finding of findings) {
        // The archive keeps what Harvest lost: nothing to repair, only to know.
        if (finding.problem.kind === 'harvest-count' && finding.months.some(gone))
            continue;
        if (finding.restore || finding.months.some(gone)) {
            finding.restore = true;
            restore.add(finding.problem.key);
            continue;
        }
        for (const month of finding.months)
            backfill.add(month);
        for (const resource of finding.resources ?? [])
            resources.add(resource);
    }
    // Runs of adjacent months, each at most MAX_MONTHS long.
    const runs = [];
    for (const month of [...backfill].sort()) {
        const run = runs.at(-1);
        const last = run?.at(-1);
        const next = last && (0,calendar/* addDays */.fi)((0,calendar/* lastDayOfMonth */.WD)(last), 1).slice(0, 7);
        if (run && month === next && run.length < MAX_MONTHS)
            run.push(month);
        else
            runs.push([month]);
    }
    const repairs = runs.map((run) => {
        let from = `${run[0]}-01`;
        let to = (0,calendar/* lastDayOfMonth */.WD)(run[run.length - 1]);
        if (range && from < range.from && range.from <= to)
            from = range.from;
        if (range && to > range.to && range.to >= from)
            to = range.to;
        return { kind: 'backfill', from, to, ...(tables && { tables: true }) };
    });
    if (resources.size > 0)
        repairs.push({ kind: 'export', resources: [...resources] });
    if (restore.size > 0)
        repairs.push({ kind: 'restore', keys: [...restore].sort() });
    return repairs;
}

// EXTERNAL MODULE: ./src/resources/records.ts
var resources_records = __webpack_require__(6711);
;// CONCATENATED MODULE: ./src/verify/resource-check.ts


/**
 * One resource object: it parses; a list's records carry numeric ids, unique and sorted by
 * id (README, What each object holds). The next export with the resource rewrites it.
 */
function checkResource(resource, key, object) {
    const found = (detail) => [
        { ...finding('resource', key, detail, []), resources: [resource] }
    ];
    const content = (0,resources_records/* parseResource */._Y)(object.body, resource === 'company' ? 'single' : 'list');
    if (content === undefined)
        return found('not valid JSON');
    if (content.kind === 'single')
        return [];
    const records = content.records;
    if (records.some((record) => !Number.isSafeInteger(record.id)))
        return found('a record has no numeric id');
    const ids = new Set();
    const duplicate = records.find((record) => ids.size === ids.add(record.id).size);
    if (duplicate)
        return found(`duplicate id ${duplicate.id}`);
    if (records.some((record, index) => index > 0 && record.id < records[index - 1].id))
        return found('not sorted by id');
    return [];
}

// EXTERNAL MODULE: ./node_modules/hyparquet/src/read.js + 13 modules
var read = __webpack_require__(9249);
;// CONCATENATED MODULE: ./src/verify/table-check.ts


/** The `id` column of a Parquet table, or undefined when the bytes are no readable table. */
async function tableIds(body) {
    try {
        const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
        const rows = await (0,read/* parquetReadObjects */.pS)({ file: file, columns: ['id'] });
        return rows.map((row) => Number(row.id));
    }
    catch {
        return undefined;
    }
}
/**
 * One month's time entries table against that month's day files: the same number of rows
 * as entries, and the same ids. A backfill over the month rewrites it.
 */
async function checkMonthTable(month, key, object, fileIds) {
    const found = (detail) => [finding('table', key, detail, [month])];
    const ids = await tableIds(object.body);
    if (ids === undefined)
        return found('not a readable Parquet table with an id column');
    if (ids.length !== fileIds.length)
        return found(`table has ${ids.length} rows, the day files of ${month} ${fileIds.length}`);
    const expected = new Set(fileIds);
    const stray = ids.find((id) => !expected.has(id));
    if (stray !== undefined)
        return found(`table holds id ${stray}, no day file of ${month} does`);
    if (new Set(ids).size !== ids.length)
        return found('table holds an id twice');
    return [];
}

;// CONCATENATED MODULE: ./src/verify/verify.ts















/**
 * Day file bodies held at a time. On the 250k/365d archive (bench/RESULTS.md, Verify) 8 take a
 * third longer than 16, 32 save a fifth more for 10% more memory; an export keeps 16 in flight.
 */
const DEFAULT_READS_AHEAD = 16;
/**
 * Audits the archive under the prefix (README, Verify) and writes nothing: every day file's
 * bytes, the state against the files, Harvest's counts against the archive's, the month
 * tables and the resource objects. Bad input (a snapshot layout, nothing under the prefix,
 * another account's or another shape's state) fails before any day file is read.
 */
async function verifyArchive(settings, deps) {
    if (settings.layout === 'snapshot')
        throw new errors/* ExportError */.ze((0,wording/* words */.aL) `Verify checks an archive of one file per day: ${(0,wording/* setting */.Pe)('layout')} flat or hive, not snapshot.`);
    const { store } = deps;
    const listing = await listArchive(store, settings);
    const key = (0,sync_state/* stateKey */.bP)(settings.prefix);
    const findings = [];
    const state = listing.hasState ? await readState(store, key, findings) : undefined;
    if (listing.days.size === 0 && !listing.hasState)
        throw new errors/* ExportError */.ze((0,wording/* words */.aL) `No archive under ${store.location}${settings.prefix}: no ${settings.layout}/${settings.format} day file and no state object. Nothing was checked. Check ${(0,wording/* setting */.Pe)('s3Prefix')}, ${(0,wording/* setting */.Pe)('layout')} and ${(0,wording/* setting */.Pe)('format')}.`);
    if (state)
        bindState(state, settings, key);
    deps.log?.info(`Checking ${listing.days.size} day files under ${store.location}${settings.prefix}`);
    const read = await readDayFiles(store, settings, listing.days, {
        ahead: deps.readsAhead ?? DEFAULT_READS_AHEAD,
        keepIds: new Set(listing.tables.keys()),
        progress: deps.progress
    });
    findings.push(...read.findings);
    if (state) {
        findings.push(...checkStateCounts(state, settings, read.counts));
        const reported = new Set(findings.map((finding) => finding.problem.key));
        findings.push(...checkStateEtags(state, listing.days, reported));
    }
    const stateDays = Object.entries(state?.days ?? {}).map(([day, n]) => [(0,calendar/* expandDate */.Rs)(day), n]);
    const range = archiveRange(state, [...listing.days.keys(), ...stateDays.map(([date]) => date)]);
    // Only dates with a day file count; an unreadable one counts what the state says it held:
    // it is reported once, as unreadable.
    const archiveCount = (from, to) => {
        let total = 0;
        for (const [date, count] of read.counts)
            if (date >= from && date <= to)
                total += count ?? state?.days[(0,calendar/* compactDate */.Ac)(date)] ?? 0;
        return total;
    };
    const damaged = new Set(findings.flatMap((finding) => finding.months));
    const harvest = range
        ? await compareWithHarvest(deps.harvest, range, archiveCount, damaged)
        : { findings: [], months: new Map() };
    findings.push(...harvest.findings);
    for (const [month, listed] of listing.tables) {
        const object = await store.get(listed.key);
        const ids = read.monthIds.get(month) ?? [];
        if (object)
            findings.push(...(await checkMonthTable(month, listed.key, object, ids)));
    }
    const dayMonths = new Set([...listing.days.keys()].map((date) => date.slice(0, 7)));
    for (const month of Object.keys(state?.tables ?? {}))
        if (!listing.tables.has(month) && dayMonths.has(month)) {
            const detail = `the state records a table of ${month}, none is stored`;
            findings.push(finding('table', (0,table_keys/* timeEntryTableKey */.$A)(settings.prefix, month), detail, [month]));
        }
    for (const [resource, listed] of listing.resources) {
        const object = await store.get(listed.key);
        if (object)
            findings.push(...checkResource(resource, listed.key, object));
    }
    const stateMonth = (month) => stateDays.filter(([date]) => date.startsWith(month)).reduce((sum, [, count]) => sum + count, 0);
    const keepsTables = listing.tables.size > 0 || Object.keys(state?.tables ?? {}).length > 0;
    return {
        // Only what the faces report: a problem's kind, key and detail.
        problems: findings.map(({ problem: { kind, key, detail } }) => ({ kind, key, detail })),
        daysChecked: read.counts.size,
        entries: read.entries,
        ...range,
        repairs: planRepairs(findings, range, harvest.months, stateMonth, keepsTables)
    };
}
/** The state, or a finding when it does not parse (verify goes on without it). */
async function readState(store, key, findings) {
    const object = await store.get(key);
    if (!object)
        return undefined;
    try {
        return (0,parse_state/* parseState */.B)(object.body.toString('utf8'), key);
    }
    catch (error) {
        if (!(error instanceof errors/* ExportError */.ze))
            throw error;
        const detail = error instanceof parse_state/* UnusableStateError */.p ? error.problem : 'unreadable';
        findings.push({ ...finding('state', key, detail, []), restore: true });
        return undefined;
    }
}
/** Another account's archive, or one of another shape, is not what the settings describe. */
function bindState(state, settings, key) {
    if (state.account_id !== settings.accountId)
        throw new errors/* SafetyError */.dd((0,wording/* words */.aL) `The archive under this prefix belongs to Harvest account ${state.account_id} (recorded in ${key}), not ${settings.accountId}. Nothing was checked. Check ${(0,wording/* setting */.Pe)('harvestAccountId')} and ${(0,wording/* setting */.Pe)('s3Prefix')}.`);
    const { layout, format } = state;
    if ((layout && layout !== settings.layout) || (format && format !== settings.format))
        throw new errors/* ExportError */.ze((0,wording/* words */.aL) `The archive under this prefix is ${layout ?? settings.layout}/${format ?? settings.format} (recorded in ${key}), not ${settings.layout}/${settings.format}. Nothing was checked. Set ${(0,wording/* setting */.Pe)('layout')} and ${(0,wording/* setting */.Pe)('format')} as the archive was written.`);
}
/**
 * The state's day counts against the day files': a day it counts that no file holds is
 * missing; a differing count is named. Unreadable files (no count) are reported already.
 */
function checkStateCounts(state, scheme, counts) {
    const findings = [];
    const dates = new Set([...Object.keys(state.days).map(calendar/* expandDate */.Rs), ...counts.keys()]);
    for (const date of [...dates].sort()) {
        const recorded = state.days[(0,calendar/* compactDate */.Ac)(date)] ?? 0;
        const held = counts.get(date);
        const says = `state says ${recorded} ${recorded === 1 ? 'entry' : 'entries'}`;
        const report = (kind, detail) => findings.push(finding(kind, (0,layout/* dayKey */.EL)(scheme, date), detail, [date.slice(0, 7)]));
        if (!counts.has(date)) {
            if (recorded > 0)
                report('missing-day', `${says}, no day file`);
        }
        else if (held !== undefined && held !== recorded)
            report('state-count', `${says}, file holds ${held}`);
    }
    return findings;
}
/**
 * The ETag the state recorded for a day file of its last window against the file's now: it
 * catches a change by a writer that left no SHA-256 metadata (the S3 console, a copy tool, an
 * edit in `out-dir`). Keys reported already are left out.
 */
function checkStateEtags(state, days, reported) {
    const detail = 'ETag differs from the one harvest-s3-export recorded: changed outside harvest-s3-export';
    return [...days]
        .filter(([date, object]) => {
        const recorded = state.files?.[(0,calendar/* compactDate */.Ac)(date)]?.etag;
        return recorded !== undefined && recorded !== object.etag && !reported.has(object.key);
    })
        .map(([date, object]) => finding('sha256', object.key, detail, [date.slice(0, 7)]));
}
/**
 * The archive's first to last day: the state's archive_from (or the first day file) to the
 * last day the state counts or a day file holds. The state records no window end, and a
 * backfill's state is stamped with the day it ran: ending at the last archived day never
 * takes Harvest's later entries for missing ones. Undefined for an archive with neither.
 */
function archiveRange(state, dates) {
    if (dates.length === 0)
        return undefined;
    const sorted = [...dates, ...(state ? [state.archive_from] : [])].sort();
    return { from: sorted[0], to: sorted[sorted.length - 1] };
}
/**
 * Lists everything under the prefix once and sorts out what verify checks: day files by date
 * (in date order), resource objects, time entry tables by month, and whether the state is
 * there. Objects of another format, the latest-key object and the change log are left out.
 */
async function listArchive(store, scheme) {
    // Every key under the prefix sorts between the prefix and the prefix followed by U+FFFF.
    const listed = await store.list(scheme.prefix, scheme.prefix, `${scheme.prefix}\uffff`);
    const byKey = new Map(listed.map((object) => [object.key, object]));
    const days = new Map();
    const tables = new Map();
    for (const object of listed) {
        const date = (0,layout/* dateOfKey */.$6)(scheme, object.key);
        if (date !== undefined)
            days.set(date, object);
        const month = (0,table_keys/* monthOfTableKey */.tn)(scheme.prefix, object.key);
        if (month !== undefined)
            tables.set(month, object);
    }
    const resources = new Map();
    for (const name of names/* RESOURCE_NAMES */.u) {
        if (name === 'time_entries')
            continue;
        // Flat and hive keys do not depend on the run date.
        const object = byKey.get((0,object_key/* resourceKey */.i)(scheme, name, '1970-01-01'));
        if (object)
            resources.set(name, object);
    }
    const sorted = new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1)));
    return { days: sorted, resources, tables, hasState: byKey.has((0,sync_state/* stateKey */.bP)(scheme.prefix)) };
}

;// CONCATENATED MODULE: ./src/run-verify.ts



/**
 * Builds the store and the Harvest client a validated config describes and audits the
 * archive. Harvest is asked for counts only (`per_page=1` probes): never a page of entries.
 */
async function verifyFromConfig(config, log, options = {}) {
    const { harvest, store } = (0,connect/* connect */.N)(config, log, options);
    const counter = new harvest_reads/* HttpSweepReads */.y(harvest, config.harvest.url, () => {
        throw new Error('verify reads counts only');
    });
    try {
        const report = await verifyArchive({ ...config.export, accountId: config.harvest.accountId }, { store, harvest: counter, log, progress: options.progress, readsAhead: options.readsAhead });
        return { ...report, harvestRequests: harvest.requests };
    }
    finally {
        harvest.close();
    }
}

;// CONCATENATED MODULE: ./src/cli/verify.ts







/** Flags a repair's backfill sets itself, or that mean nothing for an export. */
const VALUED = new Set([registry/* SETTINGS */.yy.from.flag, registry/* SETTINGS */.yy.to.flag, registry/* SETTINGS */.yy.daysBack.flag]);
const DROPPED = new Set(['--json', ...VALUED]);
/** `argv` without the flags in `dropped` (and the values of those in `valued`). */
function without(argv, dropped, valued) {
    const kept = [];
    for (let index = 0; index < argv.length; index++) {
        const [flag] = argv[index].split('=', 1);
        if (!dropped.has(flag))
            kept.push(argv[index]);
        else if (valued.has(flag) && !argv[index].includes('='))
            index++;
    }
    return kept;
}
/**
 * The repair commands, each one a user can paste and run: this verify's own flags, with the
 * repair's window (a backfill) or its resources (an export of them) instead.
 */
function cliRepairs(argv) {
    const kept = without(argv, DROPPED, VALUED);
    const base = ['harvest-s3-export', ...kept].map(wording/* shellWord */.r7).join(' ');
    const resourcesFlag = new Set([registry/* SETTINGS */.yy.resources.flag]);
    const exportBase = ['harvest-s3-export', ...without(kept, resourcesFlag, resourcesFlag)]
        .map(wording/* shellWord */.r7)
        .join(' ');
    return {
        backfill: (from, to, tables) => `${base} ${registry/* SETTINGS */.yy.from.flag} ${from} ${registry/* SETTINGS */.yy.to.flag} ${to}` +
            (tables && !kept.some((arg) => arg.startsWith(registry/* SETTINGS */.yy.tables.flag))
                ? ` ${registry/* SETTINGS */.yy.tables.flag} parquet`
                : ''),
        export: (resources) => `${exportBase} ${registry/* SETTINGS */.yy.resources.flag} ${resources.join(',')}`
    };
}
/**
 * `harvest-s3-export verify [options]`: the export's settings, the archive audited, a table
 * of problems with their repairs. Exit status: 0 whole, 1 problems found or the check failed,
 * 2 bad usage or settings.
 */
async function verify(argv, env) {
    const out = new cli_output/* CliOutput */.I(argv, env);
    const { stderr } = out;
    const tty = process.stderr.isTTY === true;
    try {
        const request = out.read(argv, env);
        if (request === undefined)
            return 0;
        const config = (0,parse_export/* parseVerifyConfig */.bC)(request.raw, { names: setting_names/* CLI_NAMES */.Q4, env });
        const spelling = cliRepairs(argv);
        const result = await verifyFromConfig(config, { info: stderr, warn: (message) => stderr(`warning: ${message}`) }, {
            credentials: request.credentials,
            progress: (checked, total) => {
                if (!tty)
                    return;
                process.stderr.write(`\r\x1b[Kday files checked ${checked}/${total}`);
                if (checked === total)
                    process.stderr.write('\r\x1b[K');
            }
        });
        const output = out.json
            ? JSON.stringify(verifyJson(result, spelling), null, 2)
            : verifyText(result, spelling);
        out.stdout(output);
        return result.problems.length === 0 ? 0 : 1;
    }
    catch (error) {
        return out.fail(error, 'harvest-s3-export verify');
    }
}


/***/ })

};
