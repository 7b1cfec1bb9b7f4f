package actionlog.cli;

import actionlog.core.Env;
import actionlog.core.SettingCatalog;
import actionlog.core.StackContract;
import actionlog.support.Clients;
import actionlog.support.LocalRegistry;
import actionlog.support.StackOutputs;
import actionlog.support.archive.AthenaSql;
import actionlog.support.archive.LocalArchive;
import actionlog.support.archive.SqlEngine;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the events live, chosen like the AWS CLI does: default credential chain, {@code --profile},
 * {@code --region}, {@code --endpoint-url} (and the SDK's AWS_ENDPOINT_URL variables); or {@code --local}.
 */
public final class TargetOptions {
    @Option(names = "--local", description = "Use the running `actionlog local` runtime.")
    boolean local;

    @Option(names = "--table", description = "Events table name (default: $" + Env.TABLE_NAME + ", else the stack's TableName output).")
    String table;

    @Option(names = "--stack", description = "Deployed stack to read the table and queues from. Default: ${DEFAULT-VALUE}.")
    String stack = StackContract.STACK_NAME;

    @Option(names = "--endpoint-url", description = "Endpoint for DynamoDB, SQS and the stack lookup, e.g. a LocalStack "
            + "or moto URL (default: the SDK's, e.g. $AWS_ENDPOINT_URL).")
    URI endpoint;

    @Option(names = "--region", description = "AWS region (default: the SDK's region chain, e.g. $AWS_REGION).")
    String region;

    @Option(names = "--profile", description = "Named profile from ~/.aws/config.")
    String profile;

    @Option(names = "--queue-url", description = "Events queue URL (default: $" + Env.QUEUE_URL + ").")
    String queueUrl;

    @Option(names = "--dlq-url", description = "Dead-letter queue URL (default: $" + Env.DLQ_URL + ").")
    String dlqUrl;

    @Option(names = "--trace-link", description = "Link template for trace ids, holding {traceId}, e.g. "
            + "https://tempo.example.com/trace/{traceId} (default: $ACTIONLOG_TRACE_LINK"
            + ", else the stack's TraceLinkTemplate output).")
    String traceLink;

    private LocalRegistry registry;
    private Map<String, String> outputs;

    private LocalRegistry registry() {
        if (registry == null) registry = LocalRegistry.read();
        return registry;
    }

    public String table() {
        if (local) return registry().table();
        return chosen(table, Env.TABLE_NAME, StackContract.OUTPUT_TABLE_NAME, "--table");
    }

    public String queueUrl() {
        if (local) return registry().queueUrl();
        return chosen(queueUrl, Env.QUEUE_URL, StackContract.OUTPUT_QUEUE_URL, "--queue-url");
    }

    public String dlqUrl() {
        if (local) return registry().dlqUrl();
        return chosen(dlqUrl, Env.DLQ_URL, StackContract.OUTPUT_DLQ_URL, "--dlq-url");
    }

    /** The link template for trace ids: the option, else the environment variable, else the stack output; or null. */
    public String traceLinkTemplate() {
        String template = traceLink != null ? traceLink : System.getenv(SettingCatalog.TRACE_LINK_TEMPLATE.env());
        if (template == null && !local) {
            try {
                template = chosen(null, SettingCatalog.TRACE_LINK_TEMPLATE.env(), StackContract.OUTPUT_TRACE_LINK_TEMPLATE, "--trace-link");
            } catch (RuntimeException noOutput) {
                return null; // a stack without the context key has no link; that is fine
            }
        }
        return template == null || template.isBlank() ? null : actionlog.core.TraceContext.checkLinkTemplate(template);
    }

    /** The option, else the environment variable, else the stack output; a failure names {@code flag}, which fixes it. */
    private String chosen(String option, String env, String output, String flag) {
        if (option != null && !option.isBlank()) return option;
        String fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
        if (outputs == null) {
            try (CloudFormationClient cloudformation = cloudformation()) {
                outputs = StackOutputs.describe(cloudformation, stack, flag + " (or $" + env + ")");
            }
        }
        String value = outputs.get(output);
        if (value == null) {
            throw new IllegalStateException("stack " + stack + " has no output " + output + "; is it an actionlog stack? "
                    + "pass --stack NAME, or " + flag + " (or $" + env + ")");
        }
        return value;
    }

    /**
     * CloudFormation as the SDK configures it (region chain, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_CLOUDFORMATION),
     * except that {@code --endpoint-url} also applies here unless AWS_ENDPOINT_URL_CLOUDFORMATION names another one.
     */
    CloudFormationClient cloudformation() {
        var builder = CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials());
        if (region != null) builder.region(Region.of(region));
        String own = System.getenv("AWS_ENDPOINT_URL_CLOUDFORMATION");
        if (endpoint != null && (own == null || own.isBlank())) builder.endpointOverride(endpoint);
        return builder.build();
    }

    public DynamoDbClient dynamo() {
        if (local) return Clients.dynamo(registry().dynamoEndpoint(), Region.of(registry().region()));
        var builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials());
        if (region != null) builder.region(Region.of(region));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder.build();
    }

    public SqsClient sqs() {
        if (local) return Clients.sqs(registry().sqsEndpoint(), Region.of(registry().region()));
        var builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials());
        if (region != null) builder.region(Region.of(region));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return builder.build();
    }

    /** SQL over the archive: DuckDB on the local runtime's files with --local, else Athena in the stack's workgroup. */
    public SqlEngine archiveSql() {
        if (local) return new LocalArchive(registry().archive()).sql();
        return athena();
    }

    public AthenaSql athena() {
        String workGroup = chosen(null, Env.ARCHIVE_WORKGROUP, StackContract.OUTPUT_ARCHIVE_WORKGROUP, "deploy the stack with its archive (-c archive=true)");
        String database = chosen(null, Env.ARCHIVE_DATABASE, StackContract.OUTPUT_ARCHIVE_DATABASE, "deploy the stack with its archive (-c archive=true)");
        var builder = AthenaClient.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials());
        if (region != null) builder.region(Region.of(region));
        if (endpoint != null) builder.endpointOverride(endpoint);
        return new AthenaSql(builder.build(), workGroup, database);
    }

    /** The running local runtime's archive. */
    public LocalArchive localArchive() {
        return new LocalArchive(registry().archive());
    }

    /** The archive bucket (a back-fill stages its rows there). */
    public String archiveBucket() {
        return chosen(null, Env.ARCHIVE_BUCKET, StackContract.OUTPUT_ARCHIVE_BUCKET, "deploy the stack with its archive (-c archive=true)");
    }

    public S3Client s3() {
        var builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials());
        if (region != null) builder.region(Region.of(region));
        if (endpoint != null) builder.endpointOverride(endpoint).forcePathStyle(true);
        return builder.build();
    }

    private AwsCredentialsProvider credentials() {
        return profile != null ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
    }

}
