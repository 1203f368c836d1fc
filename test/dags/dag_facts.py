"""Reads Airflow DAG files without importing Airflow (it cannot be installed here), with `ast` only.

    python3 dag_facts.py facts FILE...        one JSON document per file: what the DAG declares
    python3 dag_facts.py call FILE CALLS      runs the file's pure functions (no Airflow names) on
                                              JSON [{"function", "args"}], prints their results or errors

`facts` reports: whether the file compiles, its upper-case module constants, the DAGs it constructs (their arguments, evaluated
where they are literals, module constants, timedelta/datetime calls or small module functions),
every task (id, operator, mapped or not, arguments), the dependency edges (`>>`, `chain`, data
passed between tasks, `.expand` inputs), the task ids each task's templates pull XComs from, and
every call or import at module level that would do I/O when the scheduler parses the file.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
import sys
from pathlib import Path

# Calls that reach a network, database, file or the Airflow metadata (Variables, Connections) when
# made at module level, i.e. every time the DAG processor parses the file.
IO_CALLS = re.compile(
    r"^(Variable\.(get|set|update|delete)|Connection(\.\w+)?|BaseHook\.get_connection|.*\.get_connection|"
    r"open|io\.open|.*\.read_text|.*\.read_bytes|.*\.write_text|urlopen|.*\.urlopen|"
    r"requests\..*|httpx\..*|boto3\..*|botocore\..*|socket\..*|subprocess\..*|os\.system|os\.popen|"
    r"snowflake\..*|psycopg2?\..*|sqlalchemy\..*|.*Hook)$"
)
IO_MODULES = re.compile(r"^(requests|httpx|boto3|botocore|socket|subprocess|urllib\.request|psycopg2?|snowflake|sqlalchemy)(\.|$)")
XCOM_PULL = re.compile(r"xcom_pull\(task_ids=['\"]([A-Za-z0-9_.-]+)['\"]")
STRING_METHODS = {"join", "replace", "upper", "lower", "strip"}
# Constants built with these are plain data; any other call (say, reading the environment) is left out.
PURE_CONSTANT_CALLS = {"re.compile", "frozenset", "timedelta", "datetime", "tuple", "dict"}
STDLIB_FOR_PURE_FUNCTIONS = {"json", "os", "re", "datetime", "__future__"}


def dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class Evaluator:
    """Evaluates the expressions a DAG file uses for its arguments, as far as they are static."""

    def __init__(self, module: ast.Module):
        self.constants: dict[str, ast.AST] = {}
        self.functions: dict[str, ast.FunctionDef] = {}
        for node in module.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.constants[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.constants[node.target.id] = node.value
            elif isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node

    def inlinable(self, name: str) -> ast.FunctionDef | None:
        """A module function made of assignments and one return: evaluated by substituting its arguments."""
        function = self.functions.get(name)
        if function is None or function.decorator_list:
            return None
        body = function.body[1:] if ast.get_docstring(function) else function.body
        if not body or not isinstance(body[-1], ast.Return):
            return None
        if not all(isinstance(statement, ast.Assign) for statement in body[:-1]):
            return None
        return function

    def bind(self, function: ast.FunctionDef, call: ast.Call, env: dict) -> dict:
        arguments = function.args
        local: dict = {}
        positional = arguments.posonlyargs + arguments.args
        defaults = arguments.defaults
        for parameter, default in zip(positional[len(positional) - len(defaults) :], defaults):
            local[parameter.arg] = self.eval(default, env)
        for parameter, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
            if default is not None:
                local[parameter.arg] = self.eval(default, env)
        values = [self.eval(arg, env) for arg in call.args]
        for parameter, value in zip(positional, values):
            local[parameter.arg] = value
        if arguments.vararg is not None:
            local[arguments.vararg.arg] = values[len(positional) :]
        for keyword in call.keywords:
            if keyword.arg is not None:
                local[keyword.arg] = self.eval(keyword.value, env)
        return local

    def inline(self, function: ast.FunctionDef, call: ast.Call, env: dict):
        local = self.bind(function, call, env)
        body = function.body[1:] if ast.get_docstring(function) else function.body
        for statement in body[:-1]:
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    local[target.id] = self.eval(statement.value, local)
        return self.eval(body[-1].value, local)

    def eval(self, node: ast.AST | None, env: dict | None = None):
        env = env if env is not None else {}
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in env:
                return env[node.id]
            if node.id in self.constants:
                return self.eval(self.constants[node.id], {})
            return {"name": node.id}
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return [self.eval(element, env) for element in node.elts]
        if isinstance(node, ast.Dict):
            result: dict = {}
            for key, value in zip(node.keys, node.values):
                evaluated = self.eval(value, env)
                if key is None:
                    if isinstance(evaluated, dict) and not ({"call", "expr", "name"} & set(evaluated)):
                        result.update(evaluated)
                    else:
                        result.setdefault("**", []).append(evaluated)
                else:
                    result[str(self.eval(key, env))] = evaluated
            return result
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            for value in node.values:
                evaluated = self.eval(value, env)
                if evaluated:
                    return evaluated
            return evaluated
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.eval(node.left, env), self.eval(node.right, env)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
        if isinstance(node, ast.Subscript):
            container, key = self.eval(node.value, env), self.eval(node.slice, env)
            if isinstance(container, dict) and isinstance(key, str) and key in container:
                return container[key]
            if isinstance(container, list) and isinstance(key, int) and -len(container) <= key < len(container):
                return container[key]
        if isinstance(node, ast.Attribute):
            name = dotted(node)
            if name in ("timezone.utc", "datetime.timezone.utc"):
                return "UTC"
            if name is not None and name.split(".")[0] not in env and name.split(".")[0] not in self.constants:
                return {"name": name}
        if isinstance(node, ast.JoinedStr):
            parts = [self.eval(part.value if isinstance(part, ast.FormattedValue) else part, env) for part in node.values]
            if all(isinstance(part, (str, int, float)) for part in parts):
                return "".join(str(part) for part in parts)
        if isinstance(node, (ast.GeneratorExp, ast.ListComp)) and len(node.generators) == 1:
            generator = node.generators[0]
            items = self.eval(generator.iter, env)
            if isinstance(items, list) and isinstance(generator.target, ast.Name) and not generator.ifs:
                return [self.eval(node.elt, {**env, generator.target.id: item}) for item in items]
        if isinstance(node, ast.Call):
            return self.eval_call(node, env)
        return {"expr": ast.unparse(node)}

    def eval_call(self, node: ast.Call, env: dict):
        name = dotted(node.func)
        kwargs = {keyword.arg: self.eval(keyword.value, env) for keyword in node.keywords if keyword.arg is not None}
        if name == "timedelta":
            units = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1, "milliseconds": 0.001}
            positional = dict(zip(("days", "seconds"), (self.eval(arg, env) for arg in node.args)))
            total = sum(float(value) * units[unit] for unit, value in {**positional, **kwargs}.items() if isinstance(value, (int, float)))
            return {"timedelta_seconds": total}
        if isinstance(node.func, ast.Attribute) and node.func.attr == "total_seconds":
            value = self.eval(node.func.value, env)
            if isinstance(value, dict) and "timedelta_seconds" in value:
                return value["timedelta_seconds"]
        if isinstance(node.func, ast.Attribute) and node.func.attr in STRING_METHODS:
            base, args = self.eval(node.func.value, env), [self.eval(arg, env) for arg in node.args]
            if isinstance(base, str) and all(isinstance(arg, (str, list)) for arg in args):
                try:
                    return getattr(base, node.func.attr)(*args)
                except TypeError:
                    pass
        if name == "datetime":
            return {"datetime": [self.eval(arg, env) for arg in node.args], "tzinfo": kwargs.get("tzinfo")}
        if name in self.functions and self.inlinable(name):
            return self.inline(self.functions[name], node, env)
        if name is None:
            return {"expr": ast.unparse(node)}
        return {"call": name, "args": [self.eval(arg, env) for arg in node.args], "kwargs": kwargs}


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def calls_in(value) -> list[str]:
    if isinstance(value, dict):
        own = [value["call"]] if isinstance(value.get("call"), str) else []
        return own + [c for item in value.values() for c in calls_in(item)]
    if isinstance(value, list):
        return [c for item in value for c in calls_in(item)]
    return []


def module_level_nodes(module: ast.Module):
    """Every node that runs when the module is imported: not function or lambda bodies."""
    stack: list[ast.AST] = list(module.body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack.extend(node.decorator_list)
            stack.extend(node.args.defaults)
            stack.extend(default for default in node.args.kw_defaults if default is not None)
            continue
        if isinstance(node, ast.Lambda):
            continue
        stack.extend(ast.iter_child_nodes(node))


def top_level_io(module: ast.Module) -> list[dict]:
    found = []
    for node in module_level_nodes(module):
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name and IO_CALLS.match(name):
                found.append({"line": node.lineno, "what": f"call to {name}()"})
        elif isinstance(node, ast.Import):
            found.extend({"line": node.lineno, "what": f"import {alias.name}"} for alias in node.names if IO_MODULES.match(alias.name))
        elif isinstance(node, ast.ImportFrom) and node.module and IO_MODULES.match(node.module):
            found.append({"line": node.lineno, "what": f"from {node.module} import ..."})
    return sorted(found, key=lambda item: item["line"])


def is_dag_decorator(decorator: ast.AST) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return dotted(target) in ("dag", "airflow.sdk.dag")


def dag_constructions(module: ast.Module) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in module_level_nodes(module):
        if isinstance(node, ast.Call) and dotted(node.func) in ("DAG", "airflow.sdk.DAG", "models.DAG"):
            found.append(node)
        elif isinstance(node, ast.FunctionDef) and any(is_dag_decorator(d) for d in node.decorator_list):
            found.append(node)
    return sorted(found, key=lambda node: node.lineno)


def task_decorator(function: ast.FunctionDef) -> ast.AST | None:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = dotted(target) or ""
        if name == "task" or name.startswith("task."):
            return decorator
    return None


class TaskReader:
    """Finds the tasks of a DAG body and the edges between them."""

    def __init__(self, module: ast.Module, evaluator: Evaluator):
        self.evaluator = evaluator
        self.tasks: dict[str, dict] = {}
        self.handles: dict[str, str] = {}  # variable -> task id
        self.edges: set[tuple[str, str]] = set()
        self.decorated: dict[str, dict] = {}
        for node in module.body:
            if isinstance(node, ast.FunctionDef) and (decorator := task_decorator(node)) is not None:
                kwargs = {}
                if isinstance(decorator, ast.Call):
                    kwargs = {k.arg: evaluator.eval(k.value) for k in decorator.keywords if k.arg is not None}
                task_id = kwargs.get("task_id", node.name)
                self.decorated[node.name] = {"task_id": task_id, "operator": "@task", "mapped": False, "kwargs": kwargs}

    def task_call(self, call: ast.Call) -> dict | None:
        """The task a call declares, if it declares one."""
        func = call.func
        name = dotted(func)
        if name in self.decorated:
            task = dict(self.decorated[name])
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                self.upstream_of(arg, task)
            return task
        if isinstance(func, ast.Attribute) and func.attr in ("expand", "expand_kwargs"):
            partial = func.value
            if isinstance(partial, ast.Call) and isinstance(partial.func, ast.Attribute) and partial.func.attr == "partial":
                kwargs = {k.arg: self.evaluator.eval(k.value) for k in partial.keywords if k.arg is not None}
                expand = {k.arg: ast.unparse(k.value) for k in call.keywords if k.arg is not None}
                task = {"task_id": kwargs.get("task_id"), "operator": dotted(partial.func.value), "mapped": True, "kwargs": kwargs, "expand": expand}
                for arg in [*call.args, *(k.value for k in call.keywords)]:
                    self.upstream_of(arg, task)
                return task
        keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
        if "task_id" not in keywords:
            return None
        kwargs = {k: self.evaluator.eval(v) for k, v in keywords.items()}
        operator = name
        function = self.evaluator.inlinable(name) if name else None
        if function is not None:
            local = self.evaluator.bind(function, call, {})
            body = function.body[1:] if ast.get_docstring(function) else function.body
            for statement in body[:-1]:
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        local[target.id] = self.evaluator.eval(statement.value, local)
            inner = body[-1].value
            if isinstance(inner, ast.Call):
                operator = dotted(inner.func)
                kwargs = {k.arg: self.evaluator.eval(k.value, local) for k in inner.keywords if k.arg is not None}
                kwargs["factory"] = name
        return {"task_id": kwargs.get("task_id"), "operator": operator, "mapped": False, "kwargs": kwargs}

    def upstream_of(self, node: ast.AST, task: dict) -> None:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in self.handles:
                task.setdefault("upstream", set()).add(self.handles[inner.id])

    def handle_ids(self, node: ast.AST) -> list[str]:
        if isinstance(node, ast.Name) and node.id in self.handles:
            return [self.handles[node.id]]
        if isinstance(node, (ast.List, ast.Tuple)):
            return [task_id for element in node.elts for task_id in self.handle_ids(element)]
        if isinstance(node, ast.Attribute) and node.attr == "output":
            return self.handle_ids(node.value)
        return []

    def shift(self, node: ast.AST) -> list[str]:
        """Edges of `a >> b >> c` (and <<); returns the ids on the expression's right end."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.RShift, ast.LShift)):
            left = self.shift(node.left)
            right = self.handle_ids(node.right) if not isinstance(node.right, ast.BinOp) else self.shift(node.right)
            for upstream in left:
                for downstream in right:
                    self.edges.add((upstream, downstream) if isinstance(node.op, ast.RShift) else (downstream, upstream))
            return right
        return self.handle_ids(node)

    def read(self, body: list[ast.stmt]) -> None:
        for statement in body:
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
                task = self.task_call(statement.value)
                if task is not None:
                    self.add(task)
                    for target in statement.targets:
                        if isinstance(target, ast.Name):
                            self.handles[target.id] = task["task_id"]
            elif isinstance(statement, ast.Expr):
                value = statement.value
                if isinstance(value, ast.BinOp):
                    self.shift(value)
                elif isinstance(value, ast.Call) and dotted(value.func) in ("chain", "airflow.sdk.chain"):
                    steps = [self.handle_ids(arg) for arg in value.args]
                    for upstream, downstream in zip(steps, steps[1:]):
                        self.edges.update((u, d) for u in upstream for d in downstream)
                elif isinstance(value, ast.Call):
                    task = self.task_call(value)
                    if task is not None:
                        self.add(task)
            elif isinstance(statement, (ast.With, ast.If, ast.For)):
                self.read(statement.body)

    def add(self, task: dict) -> None:
        for upstream in task.pop("upstream", set()):
            self.edges.add((upstream, task["task_id"]))
        task["xcom_sources"] = sorted(self.xcom_sources(task))
        self.tasks[task["task_id"]] = task

    def xcom_sources(self, task: dict) -> set[str]:
        """Task ids whose XComs the task's templates pull, directly or through module functions it calls."""
        texts = strings_in(task["kwargs"])
        seen: set[str] = set()
        pending = calls_in(task["kwargs"])
        while pending:
            name = pending.pop()
            if name in seen or name not in self.evaluator.functions:
                continue
            seen.add(name)
            texts.append(ast.unparse(self.evaluator.functions[name]))
        return {match for text in texts for match in XCOM_PULL.findall(text)}


def jsonable(value):
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def facts(path: Path) -> dict:
    source = path.read_text(encoding="utf-8")
    result: dict = {"path": str(path)}
    try:
        compile(source, str(path), "exec")
        module = ast.parse(source, filename=str(path))
    except SyntaxError as error:
        return {**result, "compiles": False, "error": f"{error.msg} (line {error.lineno})"}
    evaluator = Evaluator(module)
    dags = []
    for construction in dag_constructions(module):
        if isinstance(construction, ast.Call):
            arguments = {k.arg: evaluator.eval(k.value) for k in construction.keywords if k.arg is not None}
        else:
            decorator = next(d for d in construction.decorator_list if is_dag_decorator(d))
            arguments = {k.arg: evaluator.eval(k.value) for k in decorator.keywords if k.arg is not None} if isinstance(decorator, ast.Call) else {}
            arguments.setdefault("dag_id", construction.name)
        dags.append({"line": construction.lineno, "arguments": arguments})
    reader = TaskReader(module, evaluator)
    reader.read(module.body)
    constants = {name: evaluator.eval(ast.Name(id=name, ctx=ast.Load())) for name in evaluator.constants if name.isupper()}
    return {
        **result,
        "compiles": True,
        "constants": constants,
        "dags": dags,
        "tasks": reader.tasks,
        "edges": sorted(reader.edges),
        "top_level_io": top_level_io(module),
    }


def pure_namespace(path: Path) -> dict:
    """Executes the file's stdlib imports, constants and functions that need nothing from Airflow."""
    module = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    defined = set(dir(builtins))
    kept: list[ast.stmt] = []
    for node in module.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [alias.name for alias in node.names]
            if all(name.split(".")[0] in STDLIB_FOR_PURE_FUNCTIONS for name in names):
                kept.append(node)
                defined.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            continue
        if isinstance(node, (ast.FunctionDef, ast.Assign, ast.AnnAssign)):
            used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            if isinstance(node, ast.FunctionDef):
                local = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
                local |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
                local |= {a.arg for a in (node.args.vararg, node.args.kwarg) if a is not None}
                local |= {n.name for n in ast.walk(node) if isinstance(n, ast.ExceptHandler) and n.name}
                used -= local | {node.name}
                if node.decorator_list or not used <= defined:
                    continue
                defined.add(node.name)
            else:
                calls = {dotted(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
                if not used <= defined or not calls <= PURE_CONSTANT_CALLS:
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                defined.update(t.id for t in targets if isinstance(t, ast.Name))
            kept.append(node)
    namespace: dict = {"__name__": "dag_pure_functions"}
    exec(compile(ast.Module(body=kept, type_ignores=[]), str(path), "exec"), namespace)
    return namespace


def call(path: Path, calls: list[dict]) -> list[dict]:
    namespace = pure_namespace(path)
    results = []
    for request in calls:
        function = namespace.get(request["function"])
        if function is None:
            results.append({"missing": f"{request['function']} is not a pure function of {path.name}"})
            continue
        try:
            results.append({"value": function(*request.get("args", []))})
        except Exception as error:  # the test asserts on the message
            results.append({"error": f"{type(error).__name__}: {error}"})
    return results


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "facts":
        print(json.dumps([facts(Path(p)) for p in rest], default=jsonable))
    elif command == "call":
        print(json.dumps(call(Path(rest[0]), json.loads(rest[1])), default=jsonable))
    else:
        print(f"unknown command {command!r}; use facts or call", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
