export const id = 451;
export const ids = [451];
export const modules = {

/***/ 6451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEPLOY_HELP: () => (/* binding */ DEPLOY_HELP),
  deploy: () => (/* binding */ deploy)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(767);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/config/resources.ts
var resources = __webpack_require__(6375);
;// CONCATENATED MODULE: ./src/deploy/flags.ts



const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^([A-Za-z0-9!_.()=-][A-Za-z0-9!_.()=/-]{0,511})?$/;
const KMS_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+)?$/;
const SCHEDULE = /^(cron\(([^()\s]+ ){5}[^()\s]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,1011}$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** CloudWatch Logs' accepted retentions, as lambda.yml's LogRetentionInDays allows. */
const RETENTIONS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
    3653
];
/** parseArgs with its errors turned into ones naming the flag and the subcommand's help. */
function parse(command, argv, booleans, strings) {
    const options = {};
    for (const flag of booleans)
        options[flag] = { type: 'boolean' };
    for (const flag of strings)
        options[flag] = { type: 'string' };
    try {
        const { values } = (0,external_node_util_.parseArgs)({ args: argv, strict: true, allowPositionals: false, options });
        return values;
    }
    catch (error) {
        const message = error.message
            .split('\n')[0]
            .replace(/\. To specify.*$/, '')
            .replace(/\.$/, '');
        throw new errors/* ConfigError */.xL([`deploy ${command}: ${message}. See harvest-s3-export deploy --help.`]);
    }
}
class Checker {
    values;
    problems = [];
    constructor(values) {
        this.values = values;
    }
    text(flag, fallback, pattern, accepted) {
        const raw = this.values[flag];
        const value = typeof raw === 'string' ? raw.trim() : fallback;
        if (pattern && !pattern.test(value))
            this.problems.push(`--${flag} ${JSON.stringify(value)} is not valid: ${accepted}.`);
        return value;
    }
    required(flag, pattern, accepted, fallback) {
        const raw = this.values[flag];
        if ((typeof raw !== 'string' || raw.trim() === '') && !fallback) {
            this.problems.push(`--${flag} is required (${accepted}).`);
            return '';
        }
        return this.text(flag, fallback ?? '', pattern, accepted);
    }
    oneOf(flag, fallback, choices) {
        const value = this.text(flag, fallback);
        if (!choices.includes(value))
            this.problems.push(`--${flag} ${JSON.stringify(value)} is not valid: use ${choices.join(' or ')}.`);
        return value;
    }
    integer(flag, fallback, ok, accepted) {
        const value = this.text(flag, String(fallback));
        const number = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!ok(number))
            this.problems.push(`--${flag} ${JSON.stringify(value)} is not valid: ${accepted}.`);
        return number;
    }
    flag(name) {
        return this.values[name] === true;
    }
    done(command) {
        if (this.problems.length > 0)
            throw new errors/* ConfigError */.xL(this.problems.map((problem) => `deploy ${command}: ${problem}`));
    }
}
function validTimezone(zone) {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
    }
    catch {
        return false;
    }
}
function flags_resources(checker, value) {
    const names = value.split(/[\s,]+/).filter(Boolean);
    if (names.length === 0 ||
        (!(names.length === 1 && names[0] === 'all') &&
            names.some((n) => !resources/* RESOURCE_NAMES */.ux.includes(n))))
        checker.problems.push(`--resources ${JSON.stringify(value)} is not valid: use all or a comma separated list of ${resources/* RESOURCE_NAMES */.ux.join(', ')}.`);
    return names.join(',');
}
const COMMON_STRINGS = ['bucket', 'prefix', 'region', 'kms-key', 'stack-name'];
/** `deploy lambda` flags; the account id may also come from HARVEST_ACCOUNT_ID. */
function lambdaOptions(argv, env) {
    const values = parse('lambda', argv, ['create-bucket', 'changes', 'dry-run'], [
        ...COMMON_STRINGS,
        'code-bucket',
        'schedule',
        'function-name',
        'token-parameter',
        'alarm-email',
        'account-id',
        'days-back',
        'timezone',
        'format',
        'layout',
        'latest-key',
        'late-edits',
        'resources',
        'log-retention'
    ]);
    const c = new Checker(values);
    const bucket = c.required('bucket', BUCKET_NAME, 'an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens');
    const stackName = c.text('stack-name', 'harvest-s3-export', STACK_NAME, 'a CloudFormation stack name: a letter, then letters, digits, hyphens');
    const accountId = c.required('account-id', /^\d{1,20}$/, 'the Harvest account id, digits only; or set HARVEST_ACCOUNT_ID', env.HARVEST_ACCOUNT_ID?.trim() || undefined);
    const timezone = c.text('timezone', 'UTC');
    if (!validTimezone(timezone))
        c.problems.push(`--timezone ${JSON.stringify(timezone)} is not valid: use an IANA time zone such as Europe/Berlin.`);
    const options = {
        bucket,
        ...bucketPlacement(c, env),
        codeBucket: c.text('code-bucket', bucket, BUCKET_NAME, 'an S3 bucket name in the same region'),
        schedule: c.text('schedule', 'cron(0 2 * * ? *)', SCHEDULE, "an EventBridge schedule such as 'cron(0 2 * * ? *)' or 'rate(6 hours)'"),
        stackName,
        functionName: c.text('function-name', stackName.slice(0, 64), FUNCTION_NAME, 'a Lambda function name: letters, digits, - and _'),
        tokenParameter: c.text('token-parameter', `/${stackName}/access-token`, PARAMETER_NAME, 'an SSM parameter name such as /harvest-s3-export/access-token'),
        alarmEmail: c.text('alarm-email', '', /^$|^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address'),
        accountId,
        daysBack: c.integer('days-back', 90, (n) => n >= 0 && n <= 3660, 'an integer 0..3660'),
        timezone,
        format: c.oneOf('format', 'json', ['json', 'ndjson']),
        layout: c.oneOf('layout', 'flat', ['flat', 'hive', 'snapshot']),
        latestKey: c.text('latest-key', ''),
        changes: c.flag('changes'),
        lateEdits: c.oneOf('late-edits', 'sync', ['sync', 'ignore']),
        resources: flags_resources(c, c.text('resources', 'time_entries')),
        logRetention: c.integer('log-retention', 90, (n) => RETENTIONS.includes(n), `one of ${RETENTIONS.join(', ')} days`),
        dryRun: c.flag('dry-run')
    };
    c.done('lambda');
    return options;
}
/** `deploy github-role` flags. */
function githubRoleOptions(argv, env) {
    const values = parse('github-role', argv, ['create-bucket', 'dry-run'], [...COMMON_STRINGS, 'repo', 'branch', 'environment', 'role-name', 'workflow']);
    const c = new Checker(values);
    const branch = c.text('branch', '', /^$|^[^*?\s]+$/, 'a branch name without wildcards');
    const environment = c.text('environment', '', /^$|^[^*?\s]+$/, 'a GitHub environment name without wildcards');
    if (branch && environment)
        c.problems.push('--branch and --environment exclude each other: GitHub puts only the environment in the token of a job that uses one.');
    const options = {
        repo: c.required('repo', REPOSITORY, 'OWNER/NAME of the repository whose workflows may assume the role'),
        bucket: c.required('bucket', BUCKET_NAME, 'an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens'),
        ...bucketPlacement(c, env),
        branch,
        environment,
        stackName: c.text('stack-name', 'harvest-s3-export-github', STACK_NAME, 'a CloudFormation stack name: a letter, then letters, digits, hyphens'),
        roleName: c.text('role-name', 'harvest-s3-export-github', ROLE_NAME, 'an IAM role name (letters, digits, +=,.@_-), at most 64'),
        workflow: c.text('workflow', '.github/workflows/harvest-export.yml'),
        dryRun: c.flag('dry-run')
    };
    c.done('github-role');
    return options;
}
/** The flags both subcommands read about the export bucket, in the order their problems are listed. */
function bucketPlacement(c, env) {
    return {
        prefix: c.text('prefix', 'harvest/', PREFIX, 'a key prefix such as harvest/, no leading slash'),
        region: regionOf(c, env),
        createBucket: c.flag('create-bucket'),
        kmsKey: c.text('kms-key', '', KMS_KEY, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): the bucket's SSE-KMS key")
    };
}
/** --region, else the SDK's environment variables; undefined leaves it to the AWS profile. */
function regionOf(c, env) {
    const fallback = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || '';
    const region = c.text('region', fallback, /^$|^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as eu-central-1');
    return region || undefined;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(6764);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/deploy/aws-errors.ts

/** A deploy step that failed, worded with the resource it was working on. */
class DeployError extends errors/* ExportError */.ze {
    constructor(message, options) {
        super(message, options);
        this.name = 'DeployError';
    }
}
const ACCESS_DENIED = new Set([
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'ExpiredToken',
    'ExpiredTokenException'
]);
/**
 * `what` (e.g. "Creating the bucket acme-harvest") failed: the SDK error turned into a
 * message that says which resource, why, and what usually fixes it.
 */
function awsFailure(what, error) {
    if (error instanceof DeployError)
        return error;
    const name = (0,errors/* errorName */.Is)(error);
    let advice = '';
    if (name === 'CredentialsProviderError' ||
        /Could not load credentials/i.test(String(error?.message)))
        return new DeployError(`${what} failed: no AWS credentials found. Set AWS_PROFILE (after aws configure or aws sso login) ` +
            'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run again.', { cause: error });
    if (/Region is missing/i.test(String(error?.message)))
        return new DeployError(`${what} failed: no AWS region. Give --region (e.g. --region eu-central-1) or set AWS_REGION.`, { cause: error });
    if (ACCESS_DENIED.has(name))
        advice =
            '. The credentials in use lack this permission (or are invalid): see deploy/README.md for what a deploy needs';
    return new DeployError(`${what} failed: ${(0,errors/* describeError */.Uc)(error)}${advice}`, { cause: error });
}
/** Runs one AWS step, turning its failure into a DeployError naming the step. */
async function step(what, work) {
    try {
        return await work();
    }
    catch (error) {
        throw awsFailure(what, error);
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
;// CONCATENATED MODULE: ./src/deploy/bucket.ts



/**
 * Makes sure `bucket` exists. With `create`, a missing bucket is created private: every
 * public access blocked and default encryption on (SSE-KMS with `kmsKey`, else SSE-S3).
 * An existing bucket is never reconfigured: its settings are its owner's.
 */
async function ensureBucket(s3, bucket, options) {
    const found = await step(`Checking the bucket ${bucket}`, async () => {
        try {
            await s3.send(new client_s3_dist_cjs/* HeadBucketCommand */.kuI({ Bucket: bucket }));
            return true;
        }
        catch (error) {
            if ((0,errors/* httpStatus */.nG)(error) === 404)
                return false;
            if ((0,errors/* httpStatus */.nG)(error) === 301)
                throw new DeployError(`The bucket ${bucket} (${options.flag}) is in another region than ${options.region}: ` +
                    "give the bucket's region with --region (the function must run where its bucket is).");
            if ((0,errors/* httpStatus */.nG)(error) === 403)
                throw new DeployError(`The bucket ${bucket} (${options.flag}) exists but these credentials may not use it (403 Forbidden): ` +
                    'S3 bucket names are global, so it may belong to another account; choose another name or grant s3:ListBucket.');
            throw error;
        }
    });
    if (found)
        return 'exists';
    if (!options.create)
        throw new DeployError(`The bucket ${bucket} (${options.flag}) does not exist: create it, or add --create-bucket to let deploy create it (private, encrypted).`);
    await step(`Creating the bucket ${bucket} in ${options.region}`, () => s3.send(new client_s3_dist_cjs/* CreateBucketCommand */.cZX({
        Bucket: bucket,
        // us-east-1 is the one region that refuses its own name as a location constraint.
        ...(options.region === 'us-east-1'
            ? {}
            : {
                CreateBucketConfiguration: {
                    LocationConstraint: options.region
                }
            })
    })));
    await step(`Blocking public access to the bucket ${bucket}`, () => s3.send(new client_s3_dist_cjs/* PutPublicAccessBlockCommand */.ZXv({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true
        }
    })));
    await step(`Turning on default encryption of the bucket ${bucket}`, () => s3.send(new client_s3_dist_cjs/* PutBucketEncryptionCommand */.iRK({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
            Rules: [
                {
                    ApplyServerSideEncryptionByDefault: options.kmsKey
                        ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: options.kmsKey }
                        : { SSEAlgorithm: 'AES256' },
                    BucketKeyEnabled: Boolean(options.kmsKey)
                }
            ]
        }
    })));
    return 'created';
}

;// CONCATENATED MODULE: ./src/deploy/shared-steps.ts


/**
 * The first step of both deploys: the clients' region (the bucket must be in it), then the
 * export bucket (--bucket) made sure of. Returns the region.
 */
async function ensureExportBucket(s3, options, io) {
    const region = await s3.config.region().catch(() => {
        throw new DeployError('No AWS region: give --region (e.g. --region eu-central-1) or set AWS_REGION.');
    });
    const bucket = await ensureBucket(s3, options.bucket, {
        create: options.createBucket,
        region,
        kmsKey: options.kmsKey,
        flag: '--bucket'
    });
    io.out(`Bucket ${options.bucket}: ${bucket === 'created' ? 'created (private, encrypted)' : 'exists'}`);
    return region;
}
/** What deploying the stack did, with one line per resource change. */
function printStackResult(io, stackName, result) {
    io.out(`Stack ${stackName}: ${result.outcome === 'unchanged' ? 'no changes' : `${result.outcome} (${result.changes.length} resource changes)`}`);
    for (const change of result.changes)
        io.out(`    ${change}`);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var client_cloudformation_dist_cjs = __webpack_require__(3805);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
;// CONCATENATED MODULE: ./src/deploy/clients.ts




/**
 * SDK v3 clients with the default credential chain (env, profile, SSO, instance role).
 * Endpoints follow the SDK's own AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables;
 * an S3 override (an emulator, a private endpoint) gets path-style addressing, which such
 * endpoints need and AWS accepts.
 */
function createClients(region, env) {
    const common = { region, requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 } };
    const s3EndpointSet = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
    const clients = {
        s3: new client_s3_dist_cjs/* S3Client */.YxF({ ...common, forcePathStyle: s3EndpointSet }),
        ssm: new client_ssm_dist_cjs/* SSMClient */.jBj(common),
        cloudFormation: new client_cloudformation_dist_cjs/* CloudFormationClient */.m1N(common),
        iam: new dist_cjs/* IAMClient */.h8v(common)
    };
    return {
        ...clients,
        destroy: () => Object.values(clients).forEach((client) => client.destroy())
    };
}

;// CONCATENATED MODULE: ./src/deploy/oidc-provider.ts


const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/**
 * The account's IAM OIDC provider for GitHub Actions, if there is one, with its audiences.
 * An account holds at most one provider per URL, and its ARN ends with the URL's host
 * (arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com).
 */
async function findGithubOidcProvider(iam) {
    const answer = await step('Listing the IAM OIDC providers', () => iam.send(new dist_cjs/* ListOpenIDConnectProvidersCommand */.vfi({})));
    const arn = answer.OpenIDConnectProviderList?.map((provider) => provider.Arn ?? '').find((candidate) => candidate.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`));
    if (!arn)
        return undefined;
    const provider = await step(`Reading the IAM OIDC provider ${arn}`, () => iam.send(new dist_cjs/* GetOpenIDConnectProviderCommand */.cCT({ OpenIDConnectProviderArn: arn })));
    return { arn, audiences: provider.ClientIDList ?? [] };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./node_modules/yazl/index.js
var yazl = __webpack_require__(3044);
;// CONCATENATED MODULE: ./src/publish/lambda-zip.ts




/** The release asset's name (README, Publishing the Lambda package) and the file `npm run package:lambda` writes. */
const LAMBDA_ZIP_NAME = 'harvest-s3-export-lambda.zip';
/**
 * Bundle file -> name in the zip, in the zip's (sorted) order. The handler goes in as
 * `index.mjs`: the extension alone makes Lambda load it as ESM, so no package.json is needed.
 * The bundled packages' licenses travel with their code.
 */
const ENTRIES = [
    { file: 'index.js', name: 'index.mjs', required: true },
    { file: 'licenses.txt', name: 'licenses.txt', required: false }
];
/**
 * Everything that could vary between builds is fixed: DOS timestamps are local time, so a
 * fixed Date alone would still differ between machines in different zones; mode and
 * compression level are explicit rather than left to library defaults.
 */
const ENTRY_OPTIONS = {
    mtime: new Date(1980, 0, 1),
    forceDosTimestamp: true,
    mode: 0o100644,
    compress: true,
    compressionLevel: 9
};
/**
 * The Lambda zip built from the ncc bundle in `bundleDir` (dist/lambda): byte-identical for
 * the same bundle, so anyone can rebuild a release asset and compare its SHA-256.
 */
async function buildLambdaZip(bundleDir) {
    const zip = new yazl/* ZipFile */.u();
    for (const entry of ENTRIES) {
        const content = await readBundleFile(bundleDir, entry.file, entry.required);
        if (content)
            zip.addBuffer(content, entry.name, ENTRY_OPTIONS);
    }
    zip.end();
    const chunks = [];
    for await (const chunk of zip.outputStream)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}
async function readBundleFile(bundleDir, file, required) {
    try {
        return await (0,promises_.readFile)((0,external_node_path_.join)(bundleDir, file));
    }
    catch (error) {
        if (!required && error.code === 'ENOENT')
            return undefined;
        throw new errors/* UserError */.yo(`Could not read the Lambda bundle ${(0,external_node_path_.join)(bundleDir, file)}: ${error.message}. Run npm run bundle first.`);
    }
}

;// CONCATENATED MODULE: ./src/deploy/package-files.ts






/**
 * The package's root: two levels above this code both in the source tree (src/deploy/) and
 * in the installed package (dist/cli/, where ncc puts the CLI and its chunks).
 */
function packageRoot() {
    return (0,external_node_path_.resolve)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), '..', '..');
}
/** A CloudFormation template shipped in the package's deploy/ folder. */
async function template(name) {
    const path = (0,external_node_path_.join)(packageRoot(), 'deploy', name);
    try {
        return await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new DeployError(`The template ${path} is missing from the package: ${error.message}`);
    }
}
/**
 * The Lambda zip: the one `npm run package:lambda` put into the package (build/), else (a
 * git checkout) the same reproducible bytes zipped from the committed dist/lambda.
 */
async function lambdaZip() {
    const root = packageRoot();
    const packaged = (0,external_node_path_.join)(root, 'build', LAMBDA_ZIP_NAME);
    if ((0,external_node_fs_.existsSync)(packaged))
        return { zip: await (0,promises_.readFile)(packaged), source: packaged };
    const bundle = (0,external_node_path_.join)(root, 'dist', 'lambda');
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(bundle, 'index.js')))
        return { zip: await buildLambdaZip(bundle), source: bundle };
    throw new DeployError(`The Lambda zip is missing: neither ${packaged} nor ${bundle} exists. Reinstall the package, or run npm run bundle && npm run package:lambda in a checkout.`);
}
/** OWNER/NAME of the action's repository, from package.json `repository`. */
function actionRepository() {
    const manifest = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(packageRoot(), 'package.json'), 'utf8'));
    const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    const match = /github\.com[/:]([^/]+\/[^/.]+)/.exec(url ?? '');
    return match ? match[1] : 'OWNER/harvest-s3-export';
}

;// CONCATENATED MODULE: ./src/deploy/plan.ts
/** The --dry-run output: what a real run would do, in order; nothing is called or written. */
function printPlan(io, steps) {
    io.out('Dry run: nothing is created or changed. A real run would:');
    let number = 0;
    for (const line of steps)
        io.out(line.startsWith('    ') ? line : `${++number}. ${line}`);
}

;// CONCATENATED MODULE: ./src/deploy/stack.ts



/** CloudFormation's reasons for an empty change set (both are seen in the wild). */
const NO_CHANGES = [/didn't contain changes/i, /No updates are to be performed/i];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The stack, or undefined when there is none (a deleted stack counts as none). */
async function describeStack(cfn, stackName) {
    return step(`Reading the stack ${stackName}`, async () => {
        try {
            const answer = await cfn.send(new client_cloudformation_dist_cjs/* DescribeStacksCommand */.Y47({ StackName: stackName }));
            const stack = answer.Stacks?.[0];
            return stack?.StackStatus === 'DELETE_COMPLETE' ? undefined : stack;
        }
        catch (error) {
            if ((0,errors/* errorName */.Is)(error) === 'ValidationError' && /does not exist/i.test((0,errors/* errorMessage */.gJ)(error)))
                return undefined;
            throw error;
        }
    });
}
/**
 * Creates or updates the stack through a change set: create it, wait until CloudFormation has
 * worked out the changes, execute it only when there are some, wait for the stack. On a
 * failure the stack is left as CloudFormation rolled it back, and the error names the first
 * resource that failed and why (from the stack's events).
 */
async function deployStack(cfn, request) {
    const { stackName } = request;
    const pollMs = request.pollMs ?? 3000;
    const deadline = Date.now() + (request.timeoutMs ?? 30 * 60_000);
    let existing = await describeStack(cfn, stackName);
    // A stack whose creation failed holds nothing and cannot be updated: CloudFormation only lets it be deleted.
    if (existing?.StackStatus === 'ROLLBACK_COMPLETE') {
        await step(`Deleting the stack ${stackName} left by a failed creation (ROLLBACK_COMPLETE)`, async () => {
            await cfn.send(new client_cloudformation_dist_cjs/* DeleteStackCommand */.fAr({ StackName: stackName }));
            await waitForStack(cfn, stackName, pollMs, deadline);
        });
        existing = undefined;
    }
    const status = existing?.StackStatus ?? '';
    if (status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS')
        throw new DeployError(`The stack ${stackName} is busy (${status}): wait until it finishes, then run again.`);
    if (status.endsWith('_FAILED'))
        throw new DeployError(`The stack ${stackName} is ${status}${existing?.StackStatusReason ? ` (${existing.StackStatusReason})` : ''}: ` +
            'fix it in the CloudFormation console (or delete it), then run again.');
    // REVIEW_IN_PROGRESS: a stack that only ever had a change set proposed; it is still created.
    const type = existing && status !== 'REVIEW_IN_PROGRESS' ? 'UPDATE' : 'CREATE';
    const changeSetName = `harvest-s3-export-${new Date()
        .toISOString()
        .replace(/[^0-9]/g, '')
        .slice(0, 14)}`;
    const created = await step(`Creating a change set for the stack ${stackName}`, () => cfn.send(new client_cloudformation_dist_cjs/* CreateChangeSetCommand */.YDU({
        StackName: stackName,
        ChangeSetName: changeSetName,
        ChangeSetType: type,
        TemplateBody: request.templateBody,
        Parameters: Object.entries(request.parameters).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue
        })),
        Capabilities: request.capabilities,
        Tags: [{ Key: 'harvest-s3-export', Value: stackName }]
    })));
    const changeSetId = created.Id ?? changeSetName;
    const changeSet = await step(`Waiting for the change set of the stack ${stackName}`, async () => {
        for (;;) {
            const answer = await cfn.send(new client_cloudformation_dist_cjs/* DescribeChangeSetCommand */.TTT({ ChangeSetName: changeSetId, StackName: stackName }));
            if (answer.Status === 'CREATE_COMPLETE' || answer.Status === 'FAILED')
                return answer;
            if (Date.now() > deadline)
                throw new DeployError(`The change set ${changeSetName} of ${stackName} took too long (still ${answer.Status}).`);
            await sleep(pollMs);
        }
    });
    const changes = (changeSet.Changes ?? []).map((change) => {
        const resource = change.ResourceChange;
        return `${resource?.Action ?? 'Change'} ${resource?.LogicalResourceId} (${resource?.ResourceType})${resource?.Replacement === 'True' ? ', replaced' : ''}`;
    });
    if (changeSet.Status === 'FAILED') {
        const reason = changeSet.StatusReason ?? 'no reason given';
        // An empty change set is FAILED too; it stays behind unless deleted, so delete it either way.
        await cfn
            .send(new client_cloudformation_dist_cjs/* DeleteChangeSetCommand */.$GE({ ChangeSetName: changeSetId, StackName: stackName }))
            .catch(() => undefined);
        if (type === 'UPDATE' && NO_CHANGES.some((pattern) => pattern.test(reason)) && existing)
            return { outcome: 'unchanged', stack: existing, changes: [] };
        throw new DeployError(`CloudFormation refused the change set for the stack ${stackName}: ${reason}`);
    }
    const started = new Date(Date.now() - 5_000);
    await step(`Executing the change set of the stack ${stackName}`, () => cfn.send(new client_cloudformation_dist_cjs/* ExecuteChangeSetCommand */.PB_({ ChangeSetName: changeSetId, StackName: stackName })));
    const stack = await step(`Waiting for the stack ${stackName}`, () => waitForStack(cfn, stackName, pollMs, deadline));
    const final = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (final === 'CREATE_COMPLETE' || final === 'UPDATE_COMPLETE')
        return { outcome: type === 'CREATE' ? 'created' : 'updated', stack: stack, changes };
    throw new DeployError(`${await failureSummary(cfn, stackName, started)} The stack ${stackName} is now ${final}.`);
}
/** Polls until the stack leaves every *_IN_PROGRESS state; undefined once it is gone. */
async function waitForStack(cfn, stackName, pollMs, deadline) {
    for (;;) {
        const stack = await describeStack(cfn, stackName);
        if (!stack)
            return undefined;
        const status = stack.StackStatus ?? '';
        if (!status.endsWith('_IN_PROGRESS'))
            return stack;
        if (Date.now() > deadline)
            throw new DeployError(`The stack ${stackName} is still ${status} after the wait: follow it in the CloudFormation console (its Events tab).`);
        await sleep(pollMs);
    }
}
/** "Function (AWS::Lambda::Function) CREATE_FAILED: <reason>" for the first resources that failed since `since`. */
async function failureSummary(cfn, stackName, since) {
    const events = [];
    try {
        let token;
        do {
            const page = await cfn.send(new client_cloudformation_dist_cjs/* DescribeStackEventsCommand */.Ie9({ StackName: stackName, NextToken: token }));
            events.push(...(page.StackEvents ?? []));
            token = page.NextToken;
            // Events come newest first: older pages belong to earlier deploys.
            if ((page.StackEvents ?? []).some((event) => event.Timestamp && event.Timestamp < since))
                break;
        } while (token);
    }
    catch (error) {
        return `The stack ${stackName} failed (its events could not be read: ${(0,errors/* errorMessage */.gJ)(error)}).`;
    }
    const failed = events
        .filter((event) => (!event.Timestamp || event.Timestamp >= since) && event.ResourceStatus?.endsWith('_FAILED'))
        // The cascade of "Resource creation cancelled" only repeats the first failure.
        .filter((event) => !/cancelled/i.test(event.ResourceStatusReason ?? ''))
        .filter((event) => event.LogicalResourceId !== stackName)
        .reverse();
    if (failed.length === 0)
        return `The stack ${stackName} failed without a failed resource event.`;
    const lines = failed
        .slice(0, 3)
        .map((event) => `${event.LogicalResourceId} (${event.ResourceType}) ${event.ResourceStatus}: ${event.ResourceStatusReason ?? 'no reason given'}`);
    return `The stack ${stackName} failed: ${lines.join('; ')}.`;
}
/** Logical id -> physical id of the stack's resources (moto, unlike CloudFormation, may drop Outputs). */
async function stackResources(cfn, stackName) {
    const answer = await step(`Reading the resources of the stack ${stackName}`, () => cfn.send(new client_cloudformation_dist_cjs/* DescribeStackResourcesCommand */.OTB({ StackName: stackName })));
    return Object.fromEntries((answer.StackResources ?? []).map((resource) => [
        resource.LogicalResourceId ?? '',
        resource.PhysicalResourceId ?? ''
    ]));
}
/** An output of the stack, if CloudFormation returned it. */
function output(stack, key) {
    return stack.Outputs?.find((item) => item.OutputKey === key)?.OutputValue;
}

;// CONCATENATED MODULE: ./src/deploy/workflow.ts


/** The README's scheduled workflow with the deployed role and bucket filled in. */
function workflowText(values) {
    return `# Written by harvest-s3-export deploy github-role. Before it can run, set in the repository:
#   gh variable set HARVEST_ACCOUNT_ID --body <your Harvest account id>
#   gh secret set HARVEST_ACCESS_TOKEN   (paste the Personal Access Token when asked)
name: Harvest export
on:
  schedule:
    - cron: '17 3 * * *' # daily, 03:17 UTC
  workflow_dispatch:
    inputs:
      days-back:
        description: Days before today to re-export
        default: '90'
      from:
        description: Backfill start (YYYY-MM-DD), optional
      to:
        description: Backfill end (YYYY-MM-DD), optional
      dry-run:
        description: Report what would change, write nothing
        type: boolean
        default: false

permissions:
  contents: read
  id-token: write # lets the action assume the AWS role with the workflow's OIDC token

# A scheduled run and a manual one never overlap (writes are conditional anyway).
concurrency:
  group: harvest-export
  cancel-in-progress: false

jobs:
  export:
    runs-on: ubuntu-latest
    steps:
      - uses: ${values.action}
        id: export
        with:
          harvest-account-id: \${{ vars.HARVEST_ACCOUNT_ID }}
          harvest-access-token: \${{ secrets.HARVEST_ACCESS_TOKEN }}
          s3-bucket: ${values.bucket}
          s3-prefix: '${values.prefix}'
          aws-region: ${values.region}
          role-to-assume: ${values.roleArn}
          # Empty on a scheduled run, so the defaults apply.
          days-back: \${{ inputs.days-back || '90' }}
          from: \${{ inputs.from }}
          to: \${{ inputs.to }}
          dry-run: \${{ inputs.dry-run || false }}
      - run: echo "\${{ steps.export.outputs.days-written }} days written, \${{ steps.export.outputs.deleted }} entries deleted"
`;
}
/** Writes the workflow unless a file is already there (it is the user's then); true when written. */
async function writeWorkflow(path, text) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
    try {
        await (0,promises_.writeFile)(path, text, { flag: 'wx' });
        return true;
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return false;
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/deploy/github-role.ts










/** github-oidc-role.yml's parameters; the provider is the account's existing one when there is one. */
function githubRoleParameters(options, providerArn) {
    return {
        Repository: options.repo,
        Branch: options.branch,
        Environment: options.environment,
        RoleName: options.roleName,
        ExportBucket: options.bucket,
        ExportPrefix: options.prefix,
        ExportBucketKmsKeyArn: options.kmsKey,
        CreateOidcProvider: providerArn ? 'false' : 'true',
        ExistingOidcProviderArn: providerArn ?? ''
    };
}
/**
 * `deploy github-role`: the role the action assumes with the workflow's OIDC token, then the
 * workflow that uses it. The account's GitHub OIDC provider is looked up rather than asked
 * for; one this stack created itself stays the stack's (switching to "existing" would make
 * CloudFormation delete it).
 */
async function deployGithubRole(options, io) {
    const workflowPath = (0,external_node_path_.resolve)(io.cwd, options.workflow);
    const action = `${actionRepository()}@v1`;
    if (options.dryRun) {
        printPlan(io, [
            options.createBucket
                ? `Create the bucket ${options.bucket} if it does not exist (public access blocked, default encryption)`
                : `Check that the bucket ${options.bucket} exists`,
            `Look up the account's IAM OIDC provider for token.actions.githubusercontent.com (created by the stack when there is none)`,
            `Create or update the CloudFormation stack ${options.stackName} from deploy/github-oidc-role.yml: role ${options.roleName} for ${options.repo}` +
                (options.environment
                    ? ` (environment ${options.environment})`
                    : options.branch
                        ? ` (branch ${options.branch})`
                        : ' (any branch)') +
                `, reading and writing s3://${options.bucket}/${options.prefix}`,
            `Write ${workflowPath} (uses: ${action}) unless it exists`
        ]);
        return;
    }
    const clients = createClients(options.region, io.env);
    try {
        const region = await ensureExportBucket(clients.s3, options, io);
        const existing = await describeStack(clients.cloudFormation, options.stackName);
        const ownsProvider = existing?.Parameters?.some((parameter) => parameter.ParameterKey === 'CreateOidcProvider' && parameter.ParameterValue === 'true');
        const provider = ownsProvider ? undefined : await findGithubOidcProvider(clients.iam);
        const providerArn = provider?.arn;
        io.out(`GitHub OIDC provider: ${ownsProvider ? 'kept in the stack' : providerArn ? `${providerArn} (existing)` : 'none yet, the stack creates it'}`);
        // The action asks for a token with audience sts.amazonaws.com; STS refuses it otherwise.
        if (provider && !provider.audiences.includes('sts.amazonaws.com'))
            io.out(`warning: the provider's audiences (${provider.audiences.join(', ') || 'none'}) lack sts.amazonaws.com, so role assumption will fail. Add it: ` +
                `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${provider.arn} --client-id sts.amazonaws.com`);
        const result = await deployStack(clients.cloudFormation, {
            stackName: options.stackName,
            templateBody: await template('github-oidc-role.yml'),
            parameters: githubRoleParameters(options, providerArn),
            capabilities: ['CAPABILITY_NAMED_IAM'],
            pollMs: io.pollMs
        });
        printStackResult(io, options.stackName, result);
        const roleArn = output(result.stack, 'RoleArn') ??
            (await step(`Reading the role ${options.roleName}`, () => clients.iam.send(new dist_cjs/* GetRoleCommand */.kbp({ RoleName: options.roleName })))).Role?.Arn;
        if (!roleArn)
            throw new DeployError(`The stack ${options.stackName} has no role ${options.roleName}.`);
        io.out(`Role ARN (role-to-assume): ${roleArn}`);
        const written = await writeWorkflow(workflowPath, workflowText({ action, roleArn, bucket: options.bucket, prefix: options.prefix, region }));
        io.out(written
            ? `Workflow written: ${workflowPath}`
            : `Workflow ${workflowPath} exists: left as it is (set role-to-assume: ${roleArn} in it)`);
        io.out('Then: gh variable set HARVEST_ACCOUNT_ID --body <id>; gh secret set HARVEST_ACCESS_TOKEN; commit and push the workflow.');
    }
    finally {
        clients.destroy();
    }
}

;// CONCATENATED MODULE: ./src/deploy/schedule.ts
/**
 * When an EventBridge schedule next fires after `now` (UTC), for the output of a deploy.
 * cron(minutes hours day-of-month month day-of-week year) with *, ?, lists, ranges and /
 * steps, as EventBridge writes them; L, W and # (rare in a daily export) are not evaluated.
 * A rate() has no fixed time: EventBridge starts counting when the rule is created.
 */
function nextRun(expression, now) {
    const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
    if (rate)
        return `every ${rate[1]} ${rate[2]}${rate[1] === '1' ? '' : 's'}, counted from when the rule was created`;
    const cron = /^cron\((.+)\)$/.exec(expression);
    const fields = cron?.[1].trim().split(/\s+/);
    if (!fields || fields.length !== 6)
        return 'unknown';
    const [minutes, hours, days, months, weekdays, years] = fields;
    const names = {
        JAN: 1,
        FEB: 2,
        MAR: 3,
        APR: 4,
        MAY: 5,
        JUN: 6,
        JUL: 7,
        AUG: 8,
        SEP: 9,
        OCT: 10,
        NOV: 11,
        DEC: 12,
        SUN: 1,
        MON: 2,
        TUE: 3,
        WED: 4,
        THU: 5,
        FRI: 6,
        SAT: 7
    };
    const matcher = (field, low, high) => {
        if (field === '*' || field === '?')
            return () => true;
        const allowed = new Set();
        for (const part of field.split(',')) {
            const match = /^([A-Z0-9]+|\*)(?:-([A-Z0-9]+))?(?:\/(\d+))?$/i.exec(part);
            if (!match)
                return undefined;
            const value = (text) => names[text.toUpperCase()] ?? Number(text);
            const start = match[1] === '*' ? low : value(match[1]);
            const end = match[2] !== undefined
                ? value(match[2])
                : match[3] !== undefined || match[1] === '*'
                    ? high
                    : start;
            const stepBy = match[3] !== undefined ? Number(match[3]) : 1;
            if (![start, end, stepBy].every(Number.isFinite))
                return undefined;
            for (let v = start; v <= end; v += stepBy)
                allowed.add(v);
        }
        return (value) => allowed.has(value);
    };
    const checks = [
        matcher(minutes, 0, 59),
        matcher(hours, 0, 23),
        matcher(days, 1, 31),
        matcher(months, 1, 12),
        matcher(weekdays, 1, 7),
        matcher(years, 1970, 2199)
    ];
    if (checks.some((check) => check === undefined))
        return 'see the rule in the EventBridge console';
    const [minute, hour, day, month, weekday, year] = checks;
    const time = new Date(now);
    time.setUTCSeconds(0, 0);
    time.setUTCMinutes(time.getUTCMinutes() + 1);
    // Minute by minute would be slow for a yearly rule: skip whole days and hours that cannot match.
    for (let guard = 0; guard < 2_000_000; guard++) {
        if (!(year(time.getUTCFullYear()) &&
            month(time.getUTCMonth() + 1) &&
            day(time.getUTCDate()) &&
            weekday(time.getUTCDay() + 1))) {
            time.setUTCDate(time.getUTCDate() + 1);
            time.setUTCHours(0, 0);
        }
        else if (!hour(time.getUTCHours())) {
            time.setUTCHours(time.getUTCHours() + 1, 0);
        }
        else if (!minute(time.getUTCMinutes())) {
            time.setUTCMinutes(time.getUTCMinutes() + 1);
        }
        else {
            return time
                .toISOString()
                .replace(/:00\.000Z$/, ' UTC')
                .replace('T', ' ');
        }
    }
    return 'never';
}

;// CONCATENATED MODULE: ./src/deploy/token-parameter.ts



/** The SecureString's current value, or undefined when the parameter does not exist yet. */
async function readTokenParameter(ssm, name) {
    return step(`Reading the SSM parameter ${name}`, async () => {
        try {
            const answer = await ssm.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: name, WithDecryption: true }));
            return answer.Parameter?.Value;
        }
        catch (error) {
            if ((0,errors/* errorName */.Is)(error) === 'ParameterNotFound')
                return undefined;
            throw error;
        }
    });
}
/**
 * Stores the token as a SecureString (encrypted with the account's aws/ssm key) only when it
 * differs from what is stored: an unchanged rerun writes nothing, so the parameter's version
 * and history only move when the token really changed.
 */
async function writeTokenParameter(ssm, name, token, current) {
    if (current === token)
        return 'unchanged';
    await step(`Writing the SSM parameter ${name}`, () => ssm.send(new client_ssm_dist_cjs/* PutParameterCommand */.ihh({
        Name: name,
        Value: token,
        Type: 'SecureString',
        Overwrite: current !== undefined,
        Description: 'Harvest Personal Access Token read by the harvest-s3-export Lambda function'
    })));
    return current === undefined ? 'created' : 'updated';
}

// EXTERNAL MODULE: ./src/util/hash.ts
var hash = __webpack_require__(5138);
;// CONCATENATED MODULE: ./src/deploy/zip-upload.ts




/** Where a zip goes: named by its SHA-256, so a key never holds two different codes. */
function zipKey(zip) {
    return `harvest-s3-export/lambda/${(0,hash/* sha256Hex */.fg)(zip)}.zip`;
}
/**
 * Uploads the zip to `bucket` under its content address unless it is already there. The key
 * changes exactly when the code does, which is what makes CloudFormation update the
 * function's code (it compares S3Key, never the object's bytes).
 */
async function uploadZip(s3, bucket, zip) {
    const key = zipKey(zip);
    const sha256 = (0,hash/* sha256Hex */.fg)(zip);
    const present = await step(`Checking s3://${bucket}/${key}`, async () => {
        try {
            await s3.send(new client_s3_dist_cjs/* HeadObjectCommand */.l81({ Bucket: bucket, Key: key }));
            return true;
        }
        catch (error) {
            if ((0,errors/* httpStatus */.nG)(error) === 404)
                return false;
            throw error;
        }
    });
    if (present)
        return { key, sha256, uploaded: false };
    await step(`Uploading the Lambda zip to s3://${bucket}/${key}`, () => s3.send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({
        Bucket: bucket,
        Key: key,
        Body: zip,
        ContentType: 'application/zip',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64')
    })));
    return { key, sha256, uploaded: true };
}

;// CONCATENATED MODULE: ./src/deploy/lambda.ts











/** lambda.yml's parameters for these options: every one given, so the command line alone defines the stack. */
function lambdaParameters(options, codeKey) {
    return {
        FunctionName: options.functionName,
        CodeBucket: options.codeBucket,
        CodeKey: codeKey,
        HarvestAccountId: options.accountId,
        HarvestTokenParameterName: options.tokenParameter,
        ExportBucket: options.bucket,
        ExportPrefix: options.prefix,
        ExportBucketKmsKeyArn: options.kmsKey,
        DaysBack: String(options.daysBack),
        TimeZone: options.timezone,
        Format: options.format,
        Layout: options.layout,
        LatestKey: options.latestKey,
        Changes: String(options.changes),
        LateEdits: options.lateEdits,
        Resources: options.resources,
        ScheduleExpression: options.schedule,
        LogRetentionInDays: String(options.logRetention),
        AlarmEmail: options.alarmEmail
    };
}
/**
 * `deploy lambda`: bucket, token parameter, code zip, stack, in that order (each needs the
 * one before). Every step first looks at what is there and changes only what differs.
 */
async function deployLambda(options, io) {
    const { zip, source } = await lambdaZip();
    const key = zipKey(zip);
    const parameters = lambdaParameters(options, key);
    if (options.dryRun) {
        printPlan(io, [
            options.createBucket
                ? `Create the bucket ${options.bucket} if it does not exist (public access blocked, default encryption ${options.kmsKey ? `SSE-KMS with ${options.kmsKey}` : 'SSE-S3'})`
                : `Check that the bucket ${options.bucket} exists`,
            `Store the Harvest token from ${io.env.HARVEST_ACCESS_TOKEN ? 'HARVEST_ACCESS_TOKEN' : 'a prompt'} as the SSM SecureString ${options.tokenParameter} (only if it changed)`,
            `Upload the Lambda zip (${zip.length} bytes, sha256 ${(0,hash/* sha256Hex */.fg)(zip)}, from ${source}) to s3://${options.codeBucket}/${key} unless it is there`,
            `Create or update the CloudFormation stack ${options.stackName} from deploy/lambda.yml with:`,
            ...Object.entries(parameters).map(([name, value]) => `    ${name} = ${value === '' ? "''" : value}`)
        ]);
        return;
    }
    // Asked before anything is created, so a cancelled prompt leaves nothing half done.
    const token = io.env.HARVEST_ACCESS_TOKEN?.trim() || (await io.readToken?.())?.trim();
    if (token)
        io.addSecret(token);
    const clients = createClients(options.region, io.env);
    try {
        const region = await ensureExportBucket(clients.s3, options, io);
        if (options.codeBucket !== options.bucket)
            await ensureBucket(clients.s3, options.codeBucket, {
                create: false,
                region,
                kmsKey: '',
                flag: '--code-bucket'
            });
        const current = await readTokenParameter(clients.ssm, options.tokenParameter);
        if (token) {
            const outcome = await writeTokenParameter(clients.ssm, options.tokenParameter, token, current);
            io.out(`Token parameter ${options.tokenParameter}: ${outcome}`);
        }
        else if (current !== undefined) {
            io.out(`Token parameter ${options.tokenParameter}: kept (no HARVEST_ACCESS_TOKEN given)`);
        }
        else {
            throw new DeployError(`No Harvest token: set HARVEST_ACCESS_TOKEN (or run on a terminal to be asked for it); it is stored in the SSM parameter ${options.tokenParameter}.`);
        }
        const upload = await uploadZip(clients.s3, options.codeBucket, zip);
        io.out(`Lambda zip s3://${options.codeBucket}/${upload.key}: ${upload.uploaded ? 'uploaded' : 'already there'}`);
        const result = await deployStack(clients.cloudFormation, {
            stackName: options.stackName,
            templateBody: await template('lambda.yml'),
            parameters,
            capabilities: ['CAPABILITY_IAM'],
            pollMs: io.pollMs
        });
        printStackResult(io, options.stackName, result);
        const resources = await stackResources(clients.cloudFormation, options.stackName);
        const functionName = output(result.stack, 'FunctionName') ?? resources.Function ?? options.functionName;
        const logGroup = output(result.stack, 'LogGroupName') ??
            resources.LogGroup ??
            `/aws/lambda/${options.functionName}`;
        io.out(`Function:  ${functionName} (${region})`);
        io.out(`Schedule:  ${options.schedule} (rule ${resources.Schedule ?? 'Schedule'}), next run ${nextRun(options.schedule, new Date())}`);
        io.out(`Log group: ${logGroup}`);
        io.out(`Run it now: aws lambda invoke --region ${region} --function-name ${functionName} --cli-binary-format raw-in-base64-out --payload '{}' /dev/stdout` +
            '   (AWS CLI v2; with v1 leave out --cli-binary-format)');
    }
    finally {
        clients.destroy();
    }
}

;// CONCATENATED MODULE: ./src/deploy/prompt.ts
/**
 * Reads a secret from the terminal without echoing it: raw mode, so no character reaches the
 * screen, not even as `*`. Enter ends it; Ctrl-C or Ctrl-D aborts.
 */
function promptHidden(question, input, output) {
    return new Promise((resolve, reject) => {
        output.write(question);
        let value = '';
        const finish = (error) => {
            input.setRawMode(false);
            input.pause();
            input.off('data', onData);
            output.write('\n');
            if (error)
                reject(error);
            else
                resolve(value);
        };
        const onData = (chunk) => {
            for (const char of chunk.toString('utf8')) {
                if (char === '\r' || char === '\n')
                    return finish();
                if (char === '\u0003' || char === '\u0004')
                    return finish(new Error('aborted'));
                if (char === '\u007f' || char === '\b')
                    value = value.slice(0, -1);
                else if (char >= ' ')
                    value += char;
            }
        };
        input.setRawMode(true);
        input.resume();
        input.on('data', onData);
    });
}

;// CONCATENATED MODULE: ./src/deploy/command.ts







const DEPLOY_HELP = `Usage:
  harvest-s3-export deploy lambda --bucket B [options]
  harvest-s3-export deploy github-role --repo OWNER/NAME --bucket B [options]

deploy lambda: the scheduled Lambda function from nothing, in one command. Creates the bucket
(with --create-bucket), stores the Harvest token as an SSM SecureString, uploads the Lambda zip
shipped in this package and creates or updates the CloudFormation stack of deploy/lambda.yml.
The token comes from HARVEST_ACCESS_TOKEN or a hidden prompt on a terminal (never a flag); the
account id from --account-id or HARVEST_ACCOUNT_ID. Rerunning updates in place; every setting
not given goes back to its default.
  --bucket B            export bucket (required)          --prefix P        key prefix (harvest/)
  --region R            AWS region (AWS_REGION)           --create-bucket   create the bucket if missing
  --kms-key ARN         the bucket's SSE-KMS key          --code-bucket B   bucket for the zip (--bucket)
  --schedule EXPR       cron(0 2 * * ? *)                 --stack-name N    harvest-s3-export
  --function-name N     the stack name                    --token-parameter /STACK/access-token
  --alarm-email E       e-mail told when a run fails      --log-retention D 90 (days)
  --account-id ID       Harvest account id                --days-back N     90
  --timezone Z          UTC                               --format F        json | ndjson
  --layout L            flat | hive | snapshot            --latest-key K    also keep the window at K
  --changes             write the change log              --late-edits M    sync | ignore
  --resources LIST      time_entries (or all)             --dry-run         print the plan, change nothing

deploy github-role: the IAM role a GitHub Actions workflow of one repository assumes with its
OIDC token (deploy/github-oidc-role.yml; the account's GitHub OIDC provider is found, or
created), then .github/workflows/harvest-export.yml unless it exists.
  --repo OWNER/NAME     repository (required)             --bucket B        export bucket (required)
  --prefix P            harvest/                          --region R        AWS region
  --branch NAME         only this branch                  --environment E   only jobs of this environment
  --create-bucket       create the bucket if missing      --kms-key ARN     the bucket's SSE-KMS key
  --stack-name N        harvest-s3-export-github          --role-name N     harvest-s3-export-github
  --workflow PATH       .github/workflows/harvest-export.yml                --dry-run

AWS credentials and region come from the usual places (AWS_PROFILE, aws sso login, env vars);
AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> point the clients elsewhere.
Exit status: 0 done, 1 an AWS step failed (the message names the resource and why), 2 bad flags.
`;
/** `harvest-s3-export deploy ...`: resolves to the exit status. */
async function deploy(argv, env = process.env, overrides = {}) {
    const secrets = [env.HARVEST_ACCESS_TOKEN];
    const io = {
        out: (line) => void process.stdout.write((0,redact/* redact */.E)(line, secrets) + '\n'),
        env,
        cwd: process.cwd(),
        readToken: async () => {
            if (!process.stdin.isTTY)
                return undefined;
            const question = 'Harvest access token (input hidden; Enter keeps the stored one): ';
            return promptHidden(question, process.stdin, process.stderr).catch(() => {
                throw new DeployError('Cancelled at the token prompt: nothing was changed.');
            });
        },
        addSecret: (value) => void secrets.push(value),
        ...overrides
    };
    const [command, ...rest] = argv;
    try {
        if (command === undefined ||
            command === '--help' ||
            command === '-h' ||
            rest.includes('--help')) {
            process.stdout.write(DEPLOY_HELP);
            return command === undefined ? 2 : 0;
        }
        if (command === 'lambda')
            await deployLambda(lambdaOptions(rest, env), io);
        else if (command === 'github-role')
            await deployGithubRole(githubRoleOptions(rest, env), io);
        else
            throw new errors/* ConfigError */.xL([
                `deploy: unknown target ${JSON.stringify(command)}: use deploy lambda or deploy github-role.`
            ]);
        return 0;
    }
    catch (error) {
        process.stderr.write(`harvest-s3-export deploy: ${(0,errors/* userMessage */.Rq)(error, secrets)}\n`);
        return error instanceof errors/* ConfigError */.xL ? 2 : 1;
    }
}


/***/ })

};
