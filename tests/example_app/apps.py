from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink, ProcedureScreens


class ExampleConfig(modules.FazhiApp):
    name = "tests.example_app"
    label = "example_app"
    verbose_name = "示例事项"

    def ready(self) -> None:
        # Registered here, not as a side effect of the import: the tests install and remove
        # this app repeatedly in one process.
        from fazhi.cases.procedure import register
        from tests.example_app.procedure import EXAMPLE

        register(EXAMPLE)

    def declare(self) -> Module:
        from tests.example_app import api, demo, queries

        return Module(
            title="示例事项",
            urls=(("example/", "tests.example_app.urls"),),
            staff_nav=(NavLink("示例事项", "example_app:staff", order=55),),
            public_nav=(NavLink("示例公示", "example_app:public", order=75,
                                description="示例事项办结后的公示。"),),
            api_private=api.private,
            indicators="tests.example_app.indicators",
            demo=DemoBuilder(demo.build, after=("org",), report=demo.report),
            search=queries.search,
            procedures={"example": ProcedureScreens(
                intake=NavLink("登记示例事项", "example_app:staff",
                               roles=frozenset({"handler"})),
                payload_labels={"finished_on": "办结日期"})},
        )
