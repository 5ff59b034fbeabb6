export const id = 203;
export const ids = [203];
export const modules = {

/***/ 4203:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deploy: () => (/* binding */ deploy)
});

// EXTERNAL MODULE: ./src/config/help.ts
var help = __webpack_require__(7527);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(767);
// EXTERNAL MODULE: ./src/config/setting-names.ts
var setting_names = __webpack_require__(4523);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/config/reader.ts
var reader = __webpack_require__(5835);
// EXTERNAL MODULE: ./src/config/registry.ts
var registry = __webpack_require__(4355);
;// CONCATENATED MODULE: ./src/deploy/flags.ts





const NO_WILDCARD = /^$|^[^*?\s]+$/;
/** Deploy's own flags (not the export's settings) and what each accepts. */
const OWN_FLAGS = {
    region: [/^$|^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as eu-central-1'],
    'kms-key': [
        /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+)?$/,
        "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): the bucket's SSE-KMS key"
    ],
    'stack-name': [
        /^[A-Za-z][A-Za-z0-9-]{0,127}$/,
        'a CloudFormation stack name: a letter, then letters, digits, hyphens'
    ],
    schedule: [
        /^(cron\(([^()\s]+ ){5}[^()\s]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/,
        "an EventBridge schedule such as 'cron(0 2 * * ? *)' or 'rate(6 hours)'"
    ],
    'function-name': [/^[A-Za-z0-9_-]{1,64}$/, 'a Lambda function name: letters, digits, - and _'],
    'token-parameter': [
        /^[A-Za-z0-9_.\-/]{1,1011}$/,
        'an SSM parameter name such as /harvest-s3-export/access-token'
    ],
    'alarm-email': [/^$|^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address'],
    repo: [
        /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
        'OWNER/NAME of the repository whose workflows may assume the role'
    ],
    branch: [NO_WILDCARD, 'a branch name without wildcards'],
    environment: [NO_WILDCARD, 'a GitHub environment name without wildcards'],
    'role-name': [/^[\w+=,.@-]{1,64}$/, 'an IAM role name (letters, digits, +=,.@_-), at most 64']
};
/** How deploy's messages name settings, the token check's included (it reads these too). */
const DEPLOY_LAMBDA_NAMES = {
    ...setting_names/* DEPLOY_NAMES */.Ji,
    [registry/* SETTINGS */.yy.harvestUrl.input]: registry/* SETTINGS */.yy.harvestUrl.flag,
    [registry/* SETTINGS */.yy.harvestAccessToken.input]: registry/* SETTINGS */.yy.harvestAccessToken.env
};
/** Deploy's wording: `--layout "tree" is not valid: use flat or hive or snapshot.` */
const DEPLOY_WORDS = {
    invalid: (label, shown, accepted) => `${label}${shown} is not valid: ${accepted}.`,
    missing: (label, what) => `${label} is required: ${what}.`,
    range: (min, max) => `an integer ${min}..${max}`,
    choice: (values) => `use ${values.join(' or ')}`
};
/** The export's settings `deploy lambda` puts in the template (those with a parameter). */
const EXPORT_FLAGS = registry/* SETTING_ROWS */.zh.flatMap((setting) => setting.parameter && setting.flag
    ? [{ setting, flag: setting.flag.slice(2), parameter: setting.parameter }]
    : []);
/** parseArgs with its errors turned into ones naming the flag and the subcommand's help. */
function parse(command, argv, booleans, strings) {
    const options = {};
    for (const flag of booleans)
        options[flag] = { type: 'boolean' };
    for (const flag of strings)
        options[flag] = { type: 'string' };
    try {
        const { values } = (0,external_node_util_.parseArgs)({
            args: argv,
            strict: true,
            allowPositionals: false,
            // --no-changes: on a rerun, where leaving a switch out keeps its deployed value.
            allowNegative: true,
            options
        });
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
/** The export's settings through the export's reader: deploy accepts what the function will. */
class Checker {
    values;
    reader;
    constructor(values, given = {}) {
        this.values = values;
        const { input, flag: label } = registry/* SETTINGS */.yy.s3Prefix;
        // Deploy's default prefix: the function's bucket is often shared.
        const raw = { [input]: { value: 'harvest/', label }, ...given };
        for (const { setting, flag } of EXPORT_FLAGS) {
            const value = values[flag];
            if (value !== undefined)
                raw[setting.input] = { value: String(value), label: `--${flag}` };
        }
        this.reader = new reader/* SettingsReader */.T(raw, setting_names/* DEPLOY_NAMES */.Ji, DEPLOY_WORDS);
    }
    /** The flag's value (or `fallback`), checked by `own` (its entry in OWN_FLAGS by default). */
    text(flag, fallback, own = OWN_FLAGS[flag]) {
        const raw = this.values[flag];
        const value = typeof raw === 'string' ? raw.trim() : fallback;
        if (own && !own[0].test(value))
            this.reader.problem(`--${flag} ${JSON.stringify(value)} is not valid: ${own[1]}.`);
        return value;
    }
    required(flag) {
        const raw = this.values[flag];
        if (typeof raw === 'string' && raw.trim() !== '')
            return this.text(flag, '');
        this.reader.problem(`--${flag} is required (${OWN_FLAGS[flag][1]}).`);
        return '';
    }
    flag(name) {
        return this.values[name] === true;
    }
    done(command) {
        try {
            this.reader.finish();
        }
        catch (error) {
            if (!(error instanceof errors/* ConfigError */.xL))
                throw error;
            throw new errors/* ConfigError */.xL(error.problems.map((problem) => `deploy ${command}: ${problem}`));
        }
    }
}
/** The flags both subcommands read about the export bucket, besides its name and prefix. */
function bucketPlacement(c, env, prefix) {
    const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || '';
    return {
        prefix,
        // undefined leaves it to the AWS profile.
        region: c.text('region', region) || undefined,
        createBucket: c.flag('create-bucket'),
        kmsKey: c.text('kms-key', '')
    };
}

;// CONCATENATED MODULE: ./src/deploy/github-role-options.ts

function githubRoleOptions(argv, env) {
    const values = parse('github-role', argv, ['create-bucket', 'dry-run', 'any-ref'], ['bucket', 'prefix', 'region', 'kms-key', 'stack-name', 'repo', 'branch', 'environment'].concat(['role-name', 'workflow']));
    const c = new Checker(values);
    const branch = c.text('branch', '');
    const environment = c.text('environment', '');
    if (branch && environment)
        c.reader.problem('--branch and --environment exclude each other: GitHub puts only the environment in the token of a job that uses one.');
    const anyRef = c.flag('any-ref');
    if (anyRef && (branch || environment))
        c.reader.problem('--any-ref trusts every ref, so it excludes --branch and --environment.');
    const repo = c.required('repo');
    const bucket = c.reader.optional('s3Bucket');
    if (bucket === undefined)
        c.reader.missing('s3Bucket', 'the S3 bucket to write to');
    const options = {
        repo,
        bucket: bucket ?? '',
        ...bucketPlacement(c, env, c.reader.optional('s3Prefix') ?? ''),
        branch,
        environment,
        anyRef,
        stackName: c.text('stack-name', 'harvest-s3-export-github'),
        roleName: c.text('role-name', 'harvest-s3-export-github'),
        workflow: c.text('workflow', '.github/workflows/harvest-export.yml'),
        dryRun: c.flag('dry-run')
    };
    c.done('github-role');
    return options;
}

// EXTERNAL MODULE: ./src/config/parse-export.ts
var parse_export = __webpack_require__(4540);
// EXTERNAL MODULE: ./src/config/rules.ts
var rules = __webpack_require__(5413);
;// CONCATENATED MODULE: ./src/deploy/lambda-options.ts






/** Deploy's own flags that set a lambda.yml parameter. */
const OWN_PARAMETERS = {
    'function-name': 'FunctionName',
    'code-bucket': 'CodeBucket',
    'token-parameter': 'HarvestTokenParameterName',
    'kms-key': 'ExportBucketKmsKeyArn',
    schedule: 'ScheduleExpression',
    'log-retention': 'LogRetentionInDays',
    'alarm-email': 'AlarmEmail'
};
/** CloudWatch Logs' accepted retentions, as lambda.yml's LogRetentionInDays allows. */
const RETENTIONS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
    3653
];
/** `deploy lambda` flags; the account id may also come from HARVEST_ACCOUNT_ID. */
function lambdaOptions(argv, env) {
    const switches = EXPORT_FLAGS.filter(({ setting }) => setting.type === 'boolean');
    const values = parse('lambda', argv, ['create-bucket', 'dry-run', ...switches.map(({ flag }) => flag)], [
        ...['region', 'kms-key', 'stack-name', 'schedule', 'function-name', 'token-parameter'],
        ...['alarm-email', 'code-bucket', 'log-retention', 'harvest-url'],
        ...EXPORT_FLAGS.filter((flag) => !switches.includes(flag)).map(({ flag }) => flag)
    ]);
    const { harvestAccountId: account } = registry/* SETTINGS */.yy;
    const raw = {};
    const accountId = env[account.env]?.trim();
    if (accountId)
        raw[account.input] = { value: accountId, label: account.env };
    const harvestUrl = values['harvest-url'];
    if (typeof harvestUrl === 'string')
        raw[registry/* SETTINGS */.yy.harvestUrl.input] = { value: harvestUrl, label: registry/* SETTINGS */.yy.harvestUrl.flag };
    const c = new Checker(values, raw);
    const config = (0,parse_export/* readExportConfig */.Bu)(c.reader, DEPLOY_PARSE);
    const { harvest, export: settings } = config;
    const stackName = c.text('stack-name', 'harvest-s3-export');
    const bucket = config.store.kind === 's3' ? config.store.bucket : '';
    const options = {
        bucket,
        ...bucketPlacement(c, env, settings.prefix),
        // The export's bucket rule: the code bucket is one too.
        codeBucket: c.text('code-bucket', bucket, [rules/* RULES */.y0.bucket, rules/* RULES */.y0.bucket.accepted]),
        schedule: c.text('schedule', 'cron(0 2 * * ? *)'),
        stackName,
        functionName: c.text('function-name', stackName.slice(0, 64)),
        tokenParameter: c.text('token-parameter', `/${stackName}/access-token`),
        alarmEmail: c.text('alarm-email', ''),
        accountId: harvest.accountId,
        parameters: settingParameters(c.reader),
        logRetention: retention(c),
        dryRun: c.flag('dry-run'),
        // The endpoint the token check asks (the deployed function always uses Harvest's).
        harvestUrl: harvest.url || registry/* SETTINGS */.yy.harvestUrl.default,
        userAgent: harvest.userAgent,
        given: givenParameters(values, accountId !== undefined && accountId !== '')
    };
    c.done('lambda');
    return options;
}
/**
 * The export's settings as deploy reads them: the token is read later (from SSM when not
 * given), and a rerun without the account id keeps the deployed one (a first deploy needs it,
 * `deployLambda`).
 */
const DEPLOY_PARSE = {
    names: setting_names/* DEPLOY_NAMES */.Ji,
    env: {},
    accessToken: 'later',
    accountId: 'later'
};
/**
 * A rerun's settings as the function will read them: the flags given over the live stack's
 * values, checked together (a rerun's --tables parquet against a deployed --layout snapshot
 * fails here, not at every scheduled run).
 */
function checkMerged(parameters) {
    const values = Object.fromEntries(EXPORT_FLAGS.map(({ flag, parameter }) => [flag, parameters[parameter]]));
    const checker = new Checker(values);
    (0,parse_export/* readExportConfig */.Bu)(checker.reader, DEPLOY_PARSE);
    try {
        checker.done('lambda');
    }
    catch (error) {
        if (!(error instanceof errors/* ConfigError */.xL))
            throw error;
        const kept = 'with the settings this rerun keeps from the live stack';
        throw new errors/* ConfigError */.xL(error.problems.map((problem) => `${problem.replace(/\.$/, '')} (${kept}).`));
    }
}
/** On a rerun only the parameters given replace the deployed values; others keep the live ones. */
function givenParameters(values, accountFromEnv) {
    const flags = EXPORT_FLAGS.map(({ flag, parameter }) => [flag, parameter]);
    const given = new Set();
    for (const [flag, parameter] of [...flags, ...Object.entries(OWN_PARAMETERS)])
        if (values[flag] !== undefined)
            given.add(parameter);
    if (accountFromEnv)
        given.add(registry/* SETTINGS */.yy.harvestAccountId.parameter);
    return given;
}
function retention(c) {
    const value = c.text('log-retention', '90');
    const days = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!RETENTIONS.includes(days))
        c.reader.problem(`--log-retention ${JSON.stringify(value)} is not valid: one of ${RETENTIONS.join(', ')} days.`);
    return days;
}
/** A refused value was reported already (reported twice, it is listed once). */
function settingParameters(reader) {
    return Object.fromEntries(registry/* SETTING_NAMES */.OI.flatMap((name) => {
        const { parameter, type, values } = registry/* SETTINGS */.yy[name];
        if (parameter === undefined)
            return [];
        const value = String(reader.value(name) ?? '');
        // A text with `values` is a list of them: the function splits it at commas and spaces.
        const list = type === 'text' && values !== undefined;
        return [[parameter, list ? value.replace(/[\s,]+/g, ',').replace(/^,|,$/g, '') : value]];
    }));
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(6764);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
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
/** `what` ("Creating the bucket acme-harvest") failed: which resource, why, and what usually fixes it. */
function awsFailure(what, error) {
    if (error instanceof DeployError)
        return error;
    return new DeployError(`${what} failed: ${why(error)}`, { cause: error });
}
function why(error) {
    const message = String(error?.message);
    if ((0,errors/* errorName */.Is)(error) === 'CredentialsProviderError' ||
        /Could not load credentials/i.test(message))
        return ('no AWS credentials found. Set AWS_PROFILE (after aws configure or aws sso login) ' +
            'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run again.');
    if (/Region is missing/i.test(message))
        return 'no AWS region. Give --region (e.g. --region eu-central-1) or set AWS_REGION.';
    if (!ACCESS_DENIED.has((0,errors/* errorName */.Is)(error)))
        return (0,errors/* describeError */.Uc)(error);
    return `${(0,errors/* describeError */.Uc)(error)}. The credentials in use lack this permission (or are invalid): see deploy/README.md for what a deploy needs`;
}
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
 * Makes sure `bucket` exists and belongs to `owner` (the account of the credentials: bucket
 * names are global, and one in another account must never receive the export or the code).
 * With `createBucket`, a missing bucket is created private: every public access blocked and
 * default encryption on (SSE-KMS with `kmsKey`, else SSE-S3). An existing bucket is never
 * reconfigured: its settings are its owner's.
 */
async function ensureBucket(s3, bucket, options) {
    const ExpectedBucketOwner = options.owner;
    const found = await step(`Checking the bucket ${bucket}`, async () => {
        try {
            await s3.send(new client_s3_dist_cjs/* HeadBucketCommand */.kuI({ Bucket: bucket, ExpectedBucketOwner }));
            return true;
        }
        catch (error) {
            if ((0,errors/* httpStatus */.nG)(error) === 404)
                return false;
            if ((0,errors/* httpStatus */.nG)(error) === 301)
                throw new DeployError(`The bucket ${bucket} (${options.flag}) is in another region than ${options.region}: ` +
                    "give the bucket's region with --region (the function must run where its bucket is).");
            if ((0,errors/* httpStatus */.nG)(error) === 403)
                throw new DeployError(`The bucket ${bucket} (${options.flag}) exists but is not account ${options.owner}'s, or these credentials may not use it (403 Forbidden): ` +
                    'S3 bucket names are global, so it may belong to another account; choose another name or grant s3:ListBucket.');
            throw error;
        }
    });
    if (found)
        return 'exists';
    if (!options.createBucket)
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
        ExpectedBucketOwner,
        PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true
        }
    })));
    await step(`Turning on default encryption of the bucket ${bucket}`, () => s3.send(new client_s3_dist_cjs/* PutBucketEncryptionCommand */.iRK({
        Bucket: bucket,
        ExpectedBucketOwner,
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
/**
 * The first step of both deploys: the clients' region (the bucket must be in it), then the
 * export bucket (--bucket) made sure of. Returns the region.
 */
async function ensureExportBucket(s3, options, io, owner) {
    const region = await s3.config.region().catch(() => {
        throw new DeployError('No AWS region: give --region (e.g. --region eu-central-1) or set AWS_REGION.');
    });
    const { bucket } = options;
    const outcome = await ensureBucket(s3, bucket, { ...options, region, flag: '--bucket', owner });
    io.out(`Bucket ${bucket}: ${outcome === 'created' ? 'created (private, encrypted)' : 'exists'}`);
    return region;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var client_cloudformation_dist_cjs = __webpack_require__(3805);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
;// CONCATENATED MODULE: ./src/deploy/clients.ts






/**
 * SDK v3 clients with the default credential chain; endpoints follow the SDK's own
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables. An S3 override (an emulator, a
 * private endpoint) gets path-style addressing, which such endpoints need and AWS accepts.
 */
function createClients(region, env) {
    const common = { region, requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 } };
    const clients = {
        s3: new client_s3_dist_cjs/* S3Client */.YxF({
            ...common,
            forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL)
        }),
        ssm: new client_ssm_dist_cjs/* SSMClient */.jBj(common),
        cloudFormation: new client_cloudformation_dist_cjs/* CloudFormationClient */.m1N(common),
        iam: new dist_cjs/* IAMClient */.h8v(common),
        sts: new client_sts_dist_cjs/* STSClient */.iM(common)
    };
    return {
        ...clients,
        destroy: () => Object.values(clients).forEach((client) => client.destroy())
    };
}
/**
 * The account of the credentials in use: the owner every bucket the deploy touches must have
 * (S3's ExpectedBucketOwner), so a bucket of the same name in another account is never used.
 */
async function callerAccount(sts) {
    const identity = await step('Reading the AWS account of these credentials', () => sts.send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({})));
    if (!identity.Account || !/^\d{12}$/.test(identity.Account))
        throw new DeployError('STS GetCallerIdentity returned no account id for these credentials.');
    return identity.Account;
}

;// CONCATENATED MODULE: ./src/deploy/io.ts
/** The --dry-run output: what a real run would do, in order; nothing is called or written. */
function printPlan(io, steps) {
    io.out('Dry run: nothing is created or changed. A real run would:');
    let number = 0;
    for (const line of steps)
        io.out(line.startsWith('    ') ? line : `${++number}. ${line}`);
}
function printStackResult(io, stackName, result) {
    io.out(`Stack ${stackName}: ${result.outcome === 'unchanged' ? 'no changes' : `${result.outcome} (${result.changes.length} resource changes)`}`);
    for (const change of result.changes)
        io.out(`    ${change}`);
}
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./node_modules/yazl/index.js
var yazl = __webpack_require__(3044);
;// CONCATENATED MODULE: ./src/publish/lambda-zip.ts




/** The release asset's name (README, Publishing the Lambda package) and the file `npm run package:lambda` writes. */
const LAMBDA_ZIP_NAME = 'harvest-s3-export-lambda.zip';
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
    // The handler goes in as index.mjs: the extension alone makes Lambda load it as ESM, so no
    // package.json is needed. The bundled packages' licenses travel with their code.
    for (const [file, name] of [
        ['index.js', 'index.mjs'],
        ['licenses.txt', 'licenses.txt']
    ]) {
        const path = (0,external_node_path_.join)(bundleDir, file);
        const content = await (0,promises_.readFile)(path).catch((error) => {
            if (name === 'licenses.txt' && error.code === 'ENOENT')
                return undefined;
            throw new errors/* UserError */.yo(`Could not read the Lambda bundle ${path}: ${error.message}. Run npm run bundle first.`);
        });
        if (content)
            zip.addBuffer(content, name, ENTRY_OPTIONS);
    }
    zip.end();
    const chunks = [];
    for await (const chunk of zip.outputStream)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}

;// CONCATENATED MODULE: ./src/deploy/package-files.ts






/**
 * The package's root: two levels above this code both in the source tree (src/deploy/) and
 * in the installed package (dist/cli/, where ncc puts the CLI and its chunks).
 */
function packageRoot() {
    return (0,external_node_path_.resolve)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), '..', '..');
}
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
 * A template's parameters in the order it declares them (the keys indented once under
 * `Parameters:`), so what deploy prints follows the template a person reads, each with its
 * `Default:` unquoted when it has one.
 */
function templateParameters(template) {
    const section = /^Parameters:\n((?:(?: .*)?\n)*)/m.exec(template)?.[1] ?? '';
    return [...section.matchAll(/^ {2}([A-Za-z0-9]+):\n((?: {4}.*\n)*)/gm)].map(([, name, body]) => {
        const value = /^ {4}Default: *(.*)$/m.exec(body)?.[1]?.trim();
        return value === undefined ? { name } : { name, fallback: unquoted(value) };
    });
}
function templateParameterNames(template) {
    return templateParameters(template).map(({ name }) => name);
}
function templateDefaults(template) {
    return Object.fromEntries(templateParameters(template).flatMap(({ name, fallback }) => fallback === undefined ? [] : [[name, fallback]]));
}
function unquoted(scalar) {
    if (/^'.*'$/.test(scalar))
        return scalar.slice(1, -1).replaceAll("''", "'");
    if (/^".*"$/.test(scalar))
        return JSON.parse(scalar);
    return scalar;
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
/** OWNER/NAME, from package.json `repository`. */
function actionRepository() {
    const manifest = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(packageRoot(), 'package.json'), 'utf8'));
    const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    const match = /github\.com[/:]([^/]+\/[^/.]+)/.exec(url ?? '');
    return match ? match[1] : 'OWNER/harvest-s3-export';
}

// EXTERNAL MODULE: ./src/util/sleep.ts + 1 modules
var sleep = __webpack_require__(2701);
;// CONCATENATED MODULE: ./src/deploy/stack.ts




/** CloudFormation's reasons for an empty change set (both are seen in the wild). */
const NO_CHANGES = [/didn't contain changes/i, /No updates are to be performed/i];
/** The stack, or undefined when there is none (a deleted one included). */
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
 * Creates or updates the stack through a change set, executed only when it has changes. On a
 * failure the stack is left as CloudFormation rolled it back, and the error names the first
 * resource that failed and why (from the stack's events).
 */
async function deployStack(cfn, request) {
    const { stackName } = request;
    const pollMs = request.pollMs ?? 3000;
    // After the deadline the stack keeps going; the message says where to look.
    const deadline = Date.now() + 30 * 60_000;
    const waitForStack = async () => {
        for (;;) {
            const stack = await describeStack(cfn, stackName);
            if (!stack)
                return undefined;
            const status = stack.StackStatus ?? '';
            if (!status.endsWith('_IN_PROGRESS'))
                return stack;
            if (Date.now() > deadline)
                throw new DeployError(`The stack ${stackName} is still ${status} after the wait: follow it in the CloudFormation console (its Events tab).`);
            await (0,sleep/* sleep */.y)(pollMs);
        }
    };
    let existing = await describeStack(cfn, stackName);
    // A stack whose creation failed holds nothing and cannot be updated: CloudFormation only lets it be deleted.
    if (existing?.StackStatus === 'ROLLBACK_COMPLETE') {
        await step(`Deleting the stack ${stackName} left by a failed creation (ROLLBACK_COMPLETE)`, () => cfn.send(new client_cloudformation_dist_cjs/* DeleteStackCommand */.fAr({ StackName: stackName })).then(waitForStack));
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
    const changeSetName = `harvest-s3-export-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
    const created = await step(`Creating a change set for the stack ${stackName}`, () => cfn.send(new client_cloudformation_dist_cjs/* CreateChangeSetCommand */.YDU({
        StackName: stackName,
        ChangeSetName: changeSetName,
        ChangeSetType: type,
        TemplateBody: request.templateBody,
        Parameters: Object.entries(request.parameters).map(([key, value]) => ({
            ParameterKey: key,
            ParameterValue: value
        })),
        Capabilities: request.capabilities,
        Tags: [{ Key: 'harvest-s3-export', Value: stackName }]
    })));
    const changeSetRef = { ChangeSetName: created.Id ?? changeSetName, StackName: stackName };
    const changeSet = await step(`Waiting for the change set of the stack ${stackName}`, async () => {
        for (;;) {
            const answer = await cfn.send(new client_cloudformation_dist_cjs/* DescribeChangeSetCommand */.TTT(changeSetRef));
            if (answer.Status === 'CREATE_COMPLETE' || answer.Status === 'FAILED')
                return answer;
            if (Date.now() > deadline)
                throw new DeployError(`The change set ${changeSetName} of ${stackName} took too long (still ${answer.Status}).`);
            await (0,sleep/* sleep */.y)(pollMs);
        }
    });
    const changes = (changeSet.Changes ?? []).map((change) => {
        const resource = change.ResourceChange;
        return `${resource?.Action ?? 'Change'} ${resource?.LogicalResourceId} (${resource?.ResourceType})${resource?.Replacement === 'True' ? ', replaced' : ''}`;
    });
    if (changeSet.Status === 'FAILED') {
        const reason = changeSet.StatusReason ?? 'no reason given';
        // An empty change set is FAILED too; it stays behind unless deleted, so delete it either way.
        await cfn.send(new client_cloudformation_dist_cjs/* DeleteChangeSetCommand */.$GE(changeSetRef)).catch(() => undefined);
        if (type === 'UPDATE' && NO_CHANGES.some((pattern) => pattern.test(reason)) && existing)
            return { outcome: 'unchanged', stack: existing, changes: [] };
        throw new DeployError(`CloudFormation refused the change set for the stack ${stackName}: ${reason}`);
    }
    const started = new Date(Date.now() - 5_000);
    await step(`Executing the change set of the stack ${stackName}`, () => cfn.send(new client_cloudformation_dist_cjs/* ExecuteChangeSetCommand */.PB_(changeSetRef)));
    const stack = await step(`Waiting for the stack ${stackName}`, waitForStack);
    const final = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (final === 'CREATE_COMPLETE' || final === 'UPDATE_COMPLETE')
        return { outcome: type === 'CREATE' ? 'created' : 'updated', stack: stack, changes };
    throw new DeployError(`${await failureSummary(cfn, stackName, started)} The stack ${stackName} is now ${final}.`);
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
function output(stack, key) {
    return stack.Outputs?.find((item) => item.OutputKey === key)?.OutputValue;
}

;// CONCATENATED MODULE: ./src/deploy/live-parameters.ts




/** The zip's key: always the shipped zip's, whatever the stack ran before. */
const CODE_KEY = 'CodeKey';
/** lambda.yml parameter -> the flag (without --) that sets it, for the dry run's lines. */
const LABELS = {
    [CODE_KEY]: 'code-key',
    ...Object.fromEntries(Object.entries(OWN_PARAMETERS).map(([flag, name]) => [name, flag])),
    ...Object.fromEntries(EXPORT_FLAGS.map(({ parameter, flag }) => [parameter, flag]))
};
/** lambda.yml's parameters for these options, defaults included (a rerun then keeps the live values of those not given). */
function lambdaParameters(options, codeKey) {
    return {
        FunctionName: options.functionName,
        CodeBucket: options.codeBucket,
        CodeKey: codeKey,
        HarvestTokenParameterName: options.tokenParameter,
        ExportBucketKmsKeyArn: options.kmsKey,
        ScheduleExpression: options.schedule,
        LogRetentionInDays: String(options.logRetention),
        AlarmEmail: options.alarmEmail,
        ...options.parameters
    };
}
/** The options as deployed: a value the rerun kept from the live stack replaces the flag's default. */
function deployedOptions(options, parameters) {
    return {
        ...options,
        prefix: parameters[registry/* SETTINGS */.yy.s3Prefix.parameter],
        accountId: parameters[registry/* SETTINGS */.yy.harvestAccountId.parameter],
        parameters: Object.fromEntries(Object.keys(options.parameters).map((name) => [name, parameters[name]])),
        functionName: parameters.FunctionName,
        codeBucket: parameters.CodeBucket,
        tokenParameter: parameters.HarvestTokenParameterName,
        kmsKey: parameters.ExportBucketKmsKeyArn,
        schedule: parameters.ScheduleExpression,
        alarmEmail: parameters.AlarmEmail
    };
}
function parameterRecord(parameters) {
    return Object.fromEntries((parameters ?? []).flatMap(({ ParameterKey, ParameterValue }) => ParameterKey ? [[ParameterKey, ParameterValue ?? '']] : []));
}
/**
 * What a rerun deploys: a parameter given on the command line takes its new value, every other
 * one keeps the live stack's (never silently back to its default). Without a live stack, the
 * command line's values and defaults.
 */
function mergeParameters(wanted, given, live) {
    if (!live)
        return { ...wanted };
    return Object.fromEntries(Object.entries(wanted).map(([name, value]) => [
        name,
        name === CODE_KEY || given.has(name) || !(name in live) ? value : live[name]
    ]));
}
/**
 * The template's parameters deploy sets no value for that the live stack holds at other than
 * their defaults (set by hand or another tool, such as AlarmTopicArn or HarvestTokenKmsKeyArn):
 * CloudFormation would reset one left out to its default, so a rerun passes its live value.
 * Not the code's object version, which belongs to the code key deploy replaces.
 */
function keptParameters(template, parameters, live) {
    if (!live)
        return {};
    const defaults = templateDefaults(template);
    const kept = templateParameterNames(template).filter((name) => name in live &&
        !(name in parameters) &&
        name !== 'CodeObjectVersion' &&
        live[name] !== defaults[name]);
    return Object.fromEntries(kept.map((name) => [name, live[name]]));
}
/**
 * The dry run's account of the settings, one line each: `layout: hive (unchanged)`,
 * `days-back: 90 -> 30`; for a stack not deployed yet, each value marked `(new stack)`.
 * Lines follow `order` (the template's parameters), any other parameter after them.
 */
function settingChanges(next, live, order = []) {
    const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
    const names = Object.keys(next).sort((a, b) => rank(a) - rank(b));
    return names.map((name) => {
        const value = next[name];
        const label = LABELS[name] ?? name;
        if (!live)
            return `${label}: ${shown(value)} (new stack)`;
        const before = live[name];
        if (before === value)
            return `${label}: ${shown(value)} (unchanged)`;
        return `${label}: ${before === undefined ? '(not set)' : shown(before)} -> ${shown(value)}`;
    });
}
const shown = (value) => (value === '' ? "''" : value);

;// CONCATENATED MODULE: ./src/deploy/github-role.ts










/**
 * What the workflow's OIDC token must say after `repo:OWNER/NAME:` (its `sub`): one
 * environment, every ref only when asked with --any-ref, else one branch (main by default).
 */
function trustedSubject(options) {
    if (options.environment)
        return `environment:${options.environment}`;
    if (options.anyRef)
        return '*';
    return `ref:refs/heads/${options.branch || 'main'}`;
}
function trustedWhat(options) {
    if (options.environment)
        return `environment ${options.environment}`;
    if (options.anyRef)
        return 'every branch, tag, pull request and environment';
    return `branch ${options.branch || 'main'}`;
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
    if (options.anyRef)
        io.out(`warning: --any-ref: the role trusts every branch, tag, pull request and environment of ${options.repo} ` +
            `(sub repo:${options.repo}:*), so anyone who can push a branch or start a workflow there can read and overwrite ` +
            `s3://${options.bucket}/${options.prefix}; without it the role trusts one branch (--branch, default main) or one environment (--environment).`);
    if (options.dryRun) {
        printPlan(io, [
            options.createBucket
                ? `Create the bucket ${options.bucket} if it does not exist (public access blocked, default encryption)`
                : `Check that the bucket ${options.bucket} exists`,
            `Look up the account's IAM OIDC provider for token.actions.githubusercontent.com (created by the stack when there is none)`,
            `Create or update the CloudFormation stack ${options.stackName} from deploy/github-oidc-role.yml: role ${options.roleName} for ${options.repo}` +
                ` (${trustedWhat(options)})` +
                `, reading and writing s3://${options.bucket}/${options.prefix}`,
            `Write ${workflowPath} (uses: ${action}) unless it exists`
        ]);
        return;
    }
    const clients = createClients(options.region, io.env);
    try {
        const owner = await callerAccount(clients.sts);
        const region = await ensureExportBucket(clients.s3, options, io, owner);
        const existing = await describeStack(clients.cloudFormation, options.stackName);
        const ownsProvider = existing?.Parameters?.some((parameter) => parameter.ParameterKey === 'CreateOidcProvider' && parameter.ParameterValue === 'true');
        const provider = ownsProvider ? undefined : await findGithubOidcProvider(clients.iam);
        const providerArn = provider?.arn;
        io.out(`GitHub OIDC provider: ${ownsProvider ? 'kept in the stack' : providerArn ? `${providerArn} (existing)` : 'none yet, the stack creates it'}`);
        // The action asks for a token with audience sts.amazonaws.com; STS refuses it otherwise.
        if (provider && !provider.audiences.includes('sts.amazonaws.com'))
            io.out(`warning: the provider's audiences (${provider.audiences.join(', ') || 'none'}) lack sts.amazonaws.com, so role assumption will fail. Add it: ` +
                `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${provider.arn} --client-id sts.amazonaws.com`);
        const templateBody = await template('github-oidc-role.yml');
        const parameters = {
            Repository: options.repo,
            Subject: trustedSubject(options),
            RoleName: options.roleName,
            ExportBucket: options.bucket,
            ExportPrefix: options.prefix,
            ExportBucketKmsKeyArn: options.kmsKey,
            CreateOidcProvider: providerArn ? 'false' : 'true',
            ExistingOidcProviderArn: providerArn ?? ''
        };
        const result = await deployStack(clients.cloudFormation, {
            stackName: options.stackName,
            templateBody,
            // What it has no flag for (MaxSessionDuration, Audience), set by hand, keeps its value.
            parameters: {
                ...parameters,
                ...keptParameters(templateBody, parameters, existing && parameterRecord(existing.Parameters))
            },
            capabilities: ['CAPABILITY_NAMED_IAM']
        });
        printStackResult(io, options.stackName, result);
        const roleArn = output(result.stack, 'RoleArn') ??
            (await step(`Reading the role ${options.roleName}`, () => clients.iam.send(new dist_cjs/* GetRoleCommand */.kbp({ RoleName: options.roleName })))).Role?.Arn;
        if (!roleArn)
            throw new DeployError(`The stack ${options.stackName} has no role ${options.roleName}.`);
        io.out(`Role ARN (role-to-assume): ${roleArn}`);
        const text = workflowText({ ...options, action, roleArn, region });
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(workflowPath), { recursive: true });
        // Never over a file already there: it is the user's then.
        const written = await (0,promises_.writeFile)(workflowPath, text, { flag: 'wx' }).then(() => true, (error) => {
            if (error.code === 'EEXIST')
                return false;
            throw error;
        });
        io.out(written
            ? `Workflow written: ${workflowPath}`
            : `Workflow ${workflowPath} exists: left as it is (set role-to-assume: ${roleArn} in it)`);
        io.out('Then: gh variable set HARVEST_ACCOUNT_ID --body <id>; gh secret set HARVEST_ACCESS_TOKEN; commit and push the workflow.');
    }
    finally {
        clients.destroy();
    }
}
/**
 * The account's IAM OIDC provider for GitHub Actions, if there is one, with its audiences.
 * An account holds at most one provider per URL, and its ARN ends with the URL's host.
 */
async function findGithubOidcProvider(iam) {
    const answer = await step('Listing the IAM OIDC providers', () => iam.send(new dist_cjs/* ListOpenIDConnectProvidersCommand */.vfi({})));
    const arn = answer.OpenIDConnectProviderList?.map((provider) => provider.Arn ?? '').find((candidate) => candidate.endsWith(':oidc-provider/token.actions.githubusercontent.com'));
    if (!arn)
        return undefined;
    const provider = await step(`Reading the IAM OIDC provider ${arn}`, () => iam.send(new dist_cjs/* GetOpenIDConnectProviderCommand */.cCT({ OpenIDConnectProviderArn: arn })));
    return { arn, audiences: provider.ClientIDList ?? [] };
}
/** The README's scheduled workflow with the deployed role and bucket filled in. */
function workflowText(values) {
    // A role trusting one environment accepts only the tokens of jobs that run in it.
    const environment = values.environment
        ? `\n    environment: ${JSON.stringify(values.environment)}`
        : '';
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
    runs-on: ubuntu-latest${environment}
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

// EXTERNAL MODULE: ./src/harvest/client.ts + 2 modules
var harvest_client = __webpack_require__(5119);
// EXTERNAL MODULE: ./src/util/hash.ts
var hash = __webpack_require__(5138);
// EXTERNAL MODULE: ./src/wording.ts
var wording = __webpack_require__(3395);
;// CONCATENATED MODULE: ./src/deploy/next-steps.ts



/**
 * The CLI command that backfills into the deployed function's bucket and prefix, in its
 * layout and format (the CLI's defaults differ from deploy's prefix), with its tables (a
 * backfill without them would leave the months' tables behind their day files), dates left
 * to fill in.
 */
function backfillCommand(deployed) {
    const flags = [
        `--account-id ${(0,wording/* shellWord */.r7)(deployed.accountId)}`,
        `--bucket ${(0,wording/* shellWord */.r7)(deployed.bucket)}`,
        `--prefix ${(0,wording/* shellWord */.r7)(deployed.prefix)}`,
        `--region ${(0,wording/* shellWord */.r7)(deployed.region)}`
    ];
    if (deployed.layout !== registry/* SETTINGS */.yy.layout.default)
        flags.push(`--layout ${deployed.layout}`);
    if (deployed.format !== registry/* SETTINGS */.yy.format.default)
        flags.push(`--format ${deployed.format}`);
    if (deployed.tables && deployed.tables !== registry/* SETTINGS */.yy.tables.default)
        flags.push(`--tables ${deployed.tables}`);
    return `harvest-s3-export ${flags.join(' ')} --from YYYY-MM-DD --to YYYY-MM-DD`;
}
/** How to run the function now, where its logs are, how to backfill, and whether anyone is told of a failure. */
function nextSteps(deployed) {
    const { functionName, region, logGroup } = deployed;
    return [
        `Run it now: aws lambda invoke --region ${region} --function-name ${functionName} --cli-binary-format raw-in-base64-out --payload '{}' out.json` +
            '   (AWS CLI v2; with v1 leave out --cli-binary-format)',
        `Its logs:   aws logs tail ${logGroup} --follow --region ${region}   (log group ${logGroup})`,
        `Backfill:   HARVEST_ACCESS_TOKEN=... ${backfillCommand(deployed)}`,
        `            (the CLI, writing the same bucket and prefix; at most ${rules/* MAX_WINDOW_DAYS */.c3} days per run)`,
        alarmLine(deployed.alarmEmail)
    ];
}
function alarmLine(alarmEmail) {
    return alarmEmail
        ? `Alarm:      a failed run e-mails ${alarmEmail} (confirm the subscription e-mail first)`
        : 'No alarm: a failed run shows only in CloudWatch; add --alarm-email you@example.com to be e-mailed when a run fails.';
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
    const fields = /^cron\((.+)\)$/.exec(expression)?.[1].trim().split(/\s+/);
    if (fields?.length !== 6)
        return 'unknown';
    // Month and weekday names count from 1 (SUN is 1, as in EventBridge).
    const names = Object.fromEntries(['JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC', 'SUN MON TUE WED THU FRI SAT'].flatMap((list) => list.split(' ').map((name, index) => [name, index + 1])));
    const value = (text) => names[text.toUpperCase()] ?? Number(text);
    const bounds = [0, 59, 0, 23, 1, 31, 1, 12, 1, 7, 1970, 2199];
    const sets = fields.map((field, index) => {
        const [low, high] = bounds.slice(2 * index);
        const allowed = new Set();
        for (const part of field.replace('?', '*').split(',')) {
            const match = /^([A-Z0-9]+|\*)(?:-([A-Z0-9]+))?(?:\/(\d+))?$/i.exec(part);
            if (!match)
                return undefined;
            const start = match[1] === '*' ? low : value(match[1]);
            const stepBy = Number(match[3] ?? 1);
            const open = match[3] !== undefined || match[1] === '*';
            const end = match[2] !== undefined ? value(match[2]) : open ? high : start;
            if (![start, end, stepBy].every(Number.isFinite))
                return undefined;
            for (let v = start; v <= end; v += stepBy)
                allowed.add(v);
        }
        return allowed;
    });
    if (sets.some((set) => set === undefined))
        return 'see the rule in the EventBridge console';
    const [minute, hour, day, month, weekday, year] = sets;
    const time = new Date(now);
    time.setUTCSeconds(0, 0);
    time.setUTCMinutes(time.getUTCMinutes() + 1);
    // Minute by minute would be slow for a yearly rule: skip whole days and hours that cannot match.
    for (let guard = 0; guard < 2_000_000; guard++) {
        const dayMatches = year.has(time.getUTCFullYear()) &&
            month.has(time.getUTCMonth() + 1) &&
            day.has(time.getUTCDate()) &&
            weekday.has(time.getUTCDay() + 1);
        if (!dayMatches) {
            time.setUTCDate(time.getUTCDate() + 1);
            time.setUTCHours(0, 0);
        }
        else if (!hour.has(time.getUTCHours())) {
            time.setUTCHours(time.getUTCHours() + 1, 0);
        }
        else if (!minute.has(time.getUTCMinutes())) {
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

;// CONCATENATED MODULE: ./src/deploy/lambda.ts

















/**
 * `deploy lambda`: the Harvest check, then bucket, token parameter, code zip, stack, in that
 * order (each needs the one before). Every step first looks at what is there and changes only
 * what differs; a setting not given keeps the live stack's value.
 */
async function deployLambda(requested, io) {
    const { zip, source } = await lambdaZip();
    // Named by the zip's SHA-256, so a key never holds two different codes.
    const key = `harvest-s3-export/lambda/${(0,hash/* sha256Hex */.fg)(zip)}.zip`;
    // Asked before anything is created, so a cancelled prompt leaves nothing half done.
    const token = io.env.HARVEST_ACCESS_TOKEN?.trim() || (await io.readToken?.())?.trim();
    if (token)
        io.addSecret(token);
    const clients = createClients(requested.region, io.env);
    try {
        // The account first: every S3 call names it as the bucket owner, and it tells missing credentials plainly.
        const owner = await callerAccount(clients.sts);
        const live = await describeStack(clients.cloudFormation, requested.stackName);
        const liveParameters = live && parameterRecord(live.Parameters);
        const templateBody = await template('lambda.yml');
        const merged = mergeParameters(lambdaParameters(requested, key), requested.given, liveParameters);
        const parameters = { ...merged, ...keptParameters(templateBody, merged, liveParameters) };
        if (live)
            checkMerged(parameters);
        const options = deployedOptions(requested, parameters);
        if (!options.accountId)
            throw new errors/* ConfigError */.xL([
                `deploy lambda: --account-id is required: ${parse_export/* ACCOUNT_ID_NEEDED */.wR}, or HARVEST_ACCOUNT_ID (a rerun keeps the deployed one).`
            ]);
        // The token to check: the one given, else the one a rerun keeps.
        const stored = token ? undefined : await readTokenParameter(clients.ssm, options.tokenParameter);
        if (stored)
            io.addSecret(stored);
        const checked = token || stored;
        if (!checked)
            throw new DeployError(`No Harvest token: set HARVEST_ACCESS_TOKEN (or run on a terminal to be asked for it); it is stored in the SSM parameter ${options.tokenParameter}.`);
        const entries = await checkHarvestAccess(options, checked);
        io.out(`Harvest: the ${token ? 'token given' : 'stored token'} reads account ${options.accountId} (${entries} time entries)`);
        if (options.dryRun) {
            printPlan(io, [
                options.createBucket
                    ? `Create the bucket ${options.bucket} if it does not exist (public access blocked, default encryption ${options.kmsKey ? `SSE-KMS with ${options.kmsKey}` : 'SSE-S3'})`
                    : `Check that the bucket ${options.bucket} exists`,
                token
                    ? `Store the Harvest token from ${io.env.HARVEST_ACCESS_TOKEN?.trim() ? 'HARVEST_ACCESS_TOKEN' : 'the prompt'} as the SSM SecureString ${options.tokenParameter} (only if it changed)`
                    : `Keep the Harvest token stored in the SSM SecureString ${options.tokenParameter}`,
                `Upload the Lambda zip (${zip.length} bytes, sha256 ${(0,hash/* sha256Hex */.fg)(zip)}, from ${source}) to s3://${options.codeBucket}/${key} unless the same bytes are there`,
                live
                    ? `Update the CloudFormation stack ${options.stackName} from deploy/lambda.yml, its settings against the live stack:`
                    : `Create the CloudFormation stack ${options.stackName} (new stack) from deploy/lambda.yml with:`,
                ...settingChanges(parameters, liveParameters, templateParameterNames(templateBody)).map((line) => `    ${line}`)
            ]);
            io.out(alarmLine(options.alarmEmail));
            return;
        }
        const region = await ensureExportBucket(clients.s3, options, io, owner);
        if (options.codeBucket !== options.bucket)
            await ensureBucket(clients.s3, options.codeBucket, {
                createBucket: false,
                region,
                kmsKey: '',
                flag: '--code-bucket',
                owner
            });
        if (token) {
            const name = options.tokenParameter;
            const current = await readTokenParameter(clients.ssm, name);
            // Written only when it differs, so the parameter's version and history move only when the token does.
            if (current !== token)
                await step(`Writing the SSM parameter ${name}`, () => clients.ssm.send(new client_ssm_dist_cjs/* PutParameterCommand */.ihh({
                    Name: name,
                    Value: token,
                    Type: 'SecureString',
                    Overwrite: current !== undefined,
                    Description: 'Harvest Personal Access Token read by the harvest-s3-export Lambda function'
                })));
            const outcome = current === token ? 'unchanged' : current === undefined ? 'created' : 'updated';
            io.out(`Token parameter ${name}: ${outcome}`);
        }
        else {
            io.out(`Token parameter ${options.tokenParameter}: kept (no HARVEST_ACCESS_TOKEN given)`);
        }
        const upload = await uploadZip(clients.s3, options.codeBucket, key, zip, owner);
        io.out(`Lambda zip s3://${options.codeBucket}/${key}: ${upload}`);
        const result = await deployStack(clients.cloudFormation, {
            stackName: options.stackName,
            templateBody,
            parameters,
            capabilities: ['CAPABILITY_IAM']
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
        const [layout, format, tables] = [registry/* SETTINGS */.yy.layout, registry/* SETTINGS */.yy.format, registry/* SETTINGS */.yy.tables].map((setting) => options.parameters[setting.parameter]);
        const deployed = { ...options, layout, format, tables, functionName, region, logGroup };
        for (const line of nextSteps(deployed))
            io.out(line);
    }
    finally {
        clients.destroy();
    }
}
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
 * One request through the export's own Harvest client (a `per_page=1` page of time entries),
 * so a refused token or account id gets the advice a scheduled run would give, before anything
 * is deployed. Resolves to the account's number of time entries.
 */
async function checkHarvestAccess(options, token) {
    const client = new harvest_client/* HarvestClient */.Fw({
        url: options.harvestUrl,
        accountId: options.accountId,
        accessToken: token,
        userAgent: options.userAgent,
        timeoutMs: 20_000,
        // A blip is retried, but a deploy should not sit through the export's 8 s of retries.
        retry: { attempts: 2, baseDelayMs: 500, maxDelayMs: 2_000 }
    });
    const url = new URL(options.harvestUrl);
    url.searchParams.set('per_page', '1');
    try {
        const total = (await client.getDocument(url.toString())).total_entries;
        return typeof total === 'number' ? total : 0;
    }
    catch (error) {
        if (!(error instanceof errors/* HarvestError */.sx))
            throw error;
        throw new errors/* HarvestError */.sx([
            'Checking the Harvest token and account id before deploying failed: ',
            ...error.wording,
            ' Nothing was created or changed.'
        ], { status: error.status, cause: error });
    }
    finally {
        client.close();
    }
}
/**
 * Uploads the zip to `bucket` under its content address `key` unless the very same bytes are
 * already there. The key changes exactly when the code does, which is what makes
 * CloudFormation update the function's code (it compares S3Key, never the object's bytes).
 * An object at the key is trusted only once its SHA-256 is checked: anyone who may write to
 * the bucket could have put other code there, which the function would then run with the
 * token. Resolves to what it did, for the output.
 */
async function uploadZip(s3, bucket, key, zip, owner) {
    const sha256 = (0,hash/* sha256Hex */.fg)(zip);
    const found = await step(`Checking s3://${bucket}/${key}`, async () => {
        try {
            const object = await s3.send(new client_s3_dist_cjs/* GetObjectCommand */.jLs({ Bucket: bucket, Key: key, ExpectedBucketOwner: owner }));
            return (0,hash/* sha256Hex */.fg)(Buffer.from(await object.Body.transformToByteArray()));
        }
        catch (error) {
            if ((0,errors/* httpStatus */.nG)(error) === 404)
                return undefined;
            throw error;
        }
    });
    if (found === sha256)
        return 'already there (same SHA-256)';
    await step(`Uploading the Lambda zip to s3://${bucket}/${key}`, () => s3.send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({
        Bucket: bucket,
        Key: key,
        Body: zip,
        ContentType: 'application/zip',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        ExpectedBucketOwner: owner
    })));
    if (found === undefined)
        return 'uploaded';
    return 'replaced: the object there was not the shipped zip (its SHA-256 differed)';
}

;// CONCATENATED MODULE: ./src/deploy/command.ts











const DEPLOY_HELP = `Usage:
  harvest-s3-export deploy lambda --bucket B [options]
  harvest-s3-export deploy github-role --repo OWNER/NAME --bucket B [options]

deploy lambda: the scheduled Lambda function from nothing, in one command. Creates the bucket
(with --create-bucket), stores the Harvest token as an SSM SecureString, uploads the Lambda zip
shipped in this package and creates or updates the CloudFormation stack of deploy/lambda.yml.
The token comes from HARVEST_ACCESS_TOKEN or a hidden prompt on a terminal (never a flag); the
account id from --account-id or HARVEST_ACCOUNT_ID (a rerun keeps the deployed one); both are
checked with one Harvest request before anything is deployed. Rerunning updates in place; a setting not given keeps its deployed
value (a switch is turned off with --no-SWITCH, e.g. --no-changes).
  --region R            AWS region (AWS_REGION)           --create-bucket   create the bucket if missing
  --kms-key ARN         the bucket's SSE-KMS key          --code-bucket B   bucket for the zip (--bucket)
  --schedule EXPR       cron(0 2 * * ? *)                 --stack-name N    harvest-s3-export
  --function-name N     the stack name                    --token-parameter /STACK/access-token
  --alarm-email E       e-mail told when a run fails      --log-retention D 90 (days)
  --dry-run             check the token, print each setting against the live stack, change nothing
  --harvest-url URL     where the token check asks Harvest (not deployed)
The export's settings, as the deployed function reads them (--bucket is required, --prefix\ndefaults to harvest/):
${(0,help/* deployOptionsHelp */.jG)()}

deploy github-role: the IAM role a GitHub Actions workflow of one repository assumes with its
OIDC token (deploy/github-oidc-role.yml; the account's GitHub OIDC provider is found, or
created), then .github/workflows/harvest-export.yml unless it exists.
  --repo OWNER/NAME     repository (required)             --bucket B        export bucket (required)
  --prefix P            harvest/                          --region R        AWS region
  --branch NAME         only this branch (default main)   --environment E   only jobs of this environment
  --any-ref             every branch, tag and PR (warned)
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
        if ([undefined, '--help', '-h'].includes(command) || rest.includes('--help')) {
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
        process.stderr.write(`harvest-s3-export deploy: ${(0,errors/* userMessage */.Rq)(error, secrets, (0,setting_names/* spellerFor */.lm)(DEPLOY_LAMBDA_NAMES))}\n`);
        return error instanceof errors/* ConfigError */.xL ? 2 : 1;
    }
}


/***/ })

};
