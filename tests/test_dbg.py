import glob, os, pprint
from django.test import TestCase
from blog.wordpress import service
from tests.utils import build_site
R = "/work/shared/fixtures/wordpress/real-world/"
class T(TestCase):
    def test_x(self):
        build_site()
        out = {}
        for f in sorted(glob.glob(R + "**/*.xml", recursive=True)):
            name = os.path.relpath(f, R)
            try:
                r = service.analyse(f)
                out[name] = {k: v for k, v in r.counts.items() if k in ("post", "page", "comment", "author", "category", "tag", "attachment")}
                errs = [l for l in r.lines if l["level"] == "error"]
                if errs: print(name, errs[:2])
            except service.ExportRefused as e:
                out[name] = str(e)
        pprint.pprint(out, width=120)
