"""The layout is the architecture: imports run one way, ``site_project`` ← ``blog`` ← ``home``, ``search`` → ``blog``.

Reads the project's own modules with ``ast`` (nothing is imported) and builds two graphs: every import, wherever it
stands, between the apps; and the imports run when a module is loaded (module level, class bodies included) between
modules. An import names the module it reads from, as import-linter counts it: ``from blog.models.comments import X``
depends on ``blog.models.comments``, not on the package ``blog.models`` and everything its ``__init__`` gathers.
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
APPS = ("site_project", "blog", "home", "search")
# The project's wiring may import every app: the URLconf, the settings, the WSGI entry and the worker warm-up.
WIRING = ("site_project.urls", "site_project.settings", "site_project.wsgi", "site_project.warmup")
# Which app may import which (besides itself): the DAG of docs/architecture.md.
ALLOWED = {
    "site_project": set(),
    "blog": {"site_project"},
    "home": {"site_project", "blog"},
    "search": {"blog", "site_project"},
}
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def project_modules():
    """``{"blog.models.pages": Path(...)}`` for every module of the apps, migrations left out."""
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(name, path, modules):
    """``[(imported module, at_load_time, line)]`` for the project modules ``name`` imports."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, FUNCTIONS)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append((alias.name, not in_function, child.lineno))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in child.names:
                    submodule = f"{base}.{alias.name}"
                    found.append((submodule if submodule in modules else base, not in_function, child.lineno))
            visit(child, inner)

    visit(tree, False)
    result = []
    for target, at_load, line in found:
        # ``import blog.models`` from outside the project tree is a third-party or standard module: not ours.
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            result.append((target, at_load, line))
    return result


def app_of(module):
    return module.split(".")[0]


def is_wiring(module):
    return any(module == root or module.startswith(root + ".") for root in WIRING)


def find_cycle(graph):
    """One cycle of ``graph`` (``{node: {successor, …}}``) as ``[a, b, …, a]``, or None."""
    state = {}
    stack = []

    def walk(node):
        state[node] = "open"
        stack.append(node)
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == "open":
                return stack[stack.index(successor) :] + [successor]
            if successor not in state and (cycle := walk(successor)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


class ImportGraphTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.modules = project_modules()
        cls.imports = {name: imports_of(name, path, cls.modules) for name, path in cls.modules.items()}

    def test_the_walk_sees_the_project(self):
        """A walk that found nothing would pass every test below."""
        self.assertIn("blog.models.pages", self.modules)
        self.assertIn(("site_project.caching.utils", True), {(t, a) for t, a, _ in self.imports["blog.models.pages"]})

    def test_no_module_level_import_cycle(self):
        """Modules load in one order: no chain of module-level imports leads back to where it started."""
        graph = {
            name: {target for target, at_load, _line in imports if at_load} for name, imports in self.imports.items()
        }
        cycle = find_cycle(graph)
        self.assertIsNone(cycle, "Module-level import cycle: " + " → ".join(cycle or []))

    def test_apps_import_one_way(self):
        """site_project ← blog ← home, search → blog: every import, in functions too, goes along these arrows."""
        wrong = []
        graph = {}
        for name, imports in self.imports.items():
            if is_wiring(name):
                continue
            for target, _at_load, line in imports:
                source_app, target_app = app_of(name), app_of(target)
                if source_app == target_app:
                    continue
                graph.setdefault(source_app, set()).add(target_app)
                if target_app not in ALLOWED[source_app]:
                    wrong.append(f"{self.modules[name].relative_to(ROOT)}:{line} imports {target}")
        cycle = find_cycle(graph)
        self.assertIsNone(cycle, "App-level import cycle: " + " → ".join(cycle or []))
        self.assertEqual(wrong, [], "Imports against the app graph")

    def test_function_level_imports_say_why(self):
        """An import inside a function breaks a cycle and says so (``# cycle: …``), or is one Django requires:
        ``AppConfig.ready()``, and modules read before the app registry is ready (the worker warm-up)."""
        unexplained = []
        for name, path in self.modules.items():
            lines = path.read_text().splitlines()
            for target, at_load, line in self.imports[name]:
                if at_load or is_wiring(name) or name.endswith(".apps"):
                    continue
                if "# cycle:" not in lines[line - 1] and "# cycle:" not in lines[line - 2]:
                    unexplained.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
        self.assertEqual(unexplained, [], "Function-level imports of project modules without a `# cycle:` reason")

    def test_find_cycle_names_the_cycle(self):
        """The checks above would pass on a graph they cannot read: the finder reports a known cycle."""
        self.assertEqual(find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}), ["a", "b", "c", "a"])
        self.assertIsNone(find_cycle({"a": {"b"}, "b": {"c"}}))
