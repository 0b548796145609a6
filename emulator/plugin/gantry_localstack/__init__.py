"""LocalStack plugins that let gantry's tests run LocalStack community in
host mode (no Docker, no auth token), closing three gaps:

1. Lambda: without Docker, functions go Pending -> Failed because the
   default runtime executor pulls an image and runs `docker ps`. gantry
   manages the control plane only, so an executor that prepares nothing
   lets functions become Active; invoking one fails, which no test does.
2. elbv2 and cognito-idp are not in the community edition (501), and
   DynamoDB would download a Java server.
   LocalStack bundles moto, whose backends serve network load balancers
   well enough for a VPC link to target one, and user pools well enough
   for a COGNITO_USER_POOLS authorizer: every operation is forwarded.
3. SIGTERM sometimes hangs: hypercorn's shutdown calls loop.stop() from
   another thread. Stopping the loop through call_soon_threadsafe fixes it.
"""

from localstack.runtime import hooks
from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin
from localstack.services.plugins import aws_provider


class NoopExecutorPlugin(RuntimeExecutorPlugin):
    name = "gantry-noop"

    def load(self, *args, **kwargs):
        from localstack.services.lambda_.invocation.runtime_executor import (
            LambdaRuntimeException,
            RuntimeExecutor,
        )

        class NoopRuntimeExecutor(RuntimeExecutor):
            def start(self, env_vars):
                raise LambdaRuntimeException(
                    "gantry's test emulator does not run Lambda functions"
                )

            def stop(self):
                pass

            def get_address(self):
                return "127.0.0.1"

            def get_endpoint_from_executor(self):
                return "127.0.0.1"

            def get_runtime_endpoint(self):
                return "http://127.0.0.1:9"

            def invoke(self, payload):
                raise LambdaRuntimeException(
                    "gantry's test emulator does not run Lambda functions"
                )

            def get_logs(self):
                return ""

            @classmethod
            def prepare_version(cls, function_version):
                pass

            @classmethod
            def cleanup_version(cls, function_version):
                pass

            @classmethod
            def validate_environment(cls):
                return True

        return NoopRuntimeExecutor


def _moto_service(api):
    """A LocalStack service whose every operation moto answers."""
    from localstack.aws.spec import load_service
    from localstack.services.moto import call_moto
    from localstack.services.plugins import Service
    from localstack.aws.skeleton import Skeleton

    spec = load_service(api)

    def forward(context, request):
        return call_moto(context)

    table = {name: forward for name in spec.operation_names}
    return Service(name=api, skeleton=Skeleton(spec, table))


@aws_provider(api="elbv2")
def elbv2():
    return _moto_service("elbv2")


@aws_provider(api="cognito-idp")
def cognito_idp():
    return _moto_service("cognito-idp")


@aws_provider(api="dynamodb", name="gantry")
def dynamodb():
    # Community DynamoDB runs DynamoDB Local, a Java server it downloads on
    # first use; moto's table emulation needs neither (the S3 backend's
    # lock table uses PutItem with a condition, GetItem and DeleteItem).
    return _moto_service("dynamodb")


@hooks.on_infra_start()
def clean_shutdown():
    from localstack.runtime.server.hypercorn import HypercornRuntimeServer

    def shutdown(self):
        self._close.set()
        self.loop.call_soon_threadsafe(self.loop.stop)

    HypercornRuntimeServer.shutdown = shutdown
