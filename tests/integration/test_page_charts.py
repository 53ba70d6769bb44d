"""The team page's inline charts: every figure also in words, parts that add up,
nothing drawn outside the chart."""

import re

from atelier.services import page_charts


def test_the_follow_through_bar_splits_the_commitments(app):
    with app.test_request_context("/?lang=en"):
        svg = str(page_charts.follow_through_bar({"yes": 2, "partly": 1, "no": 1}, 8, "w1"))
    widths = dict(re.findall(r'class="ft-(\w+)" x="[\d.]+%" y="1" width="([\d.]+)%"', svg))
    assert widths == {"yes": "25", "partly": "12.5", "no": "12.5", "waiting": "50"}
    assert 'aria-hidden="true"' in svg  # the row says it in words
    assert 'stroke-dasharray="4 3"' in svg  # no answer yet: dashed


def test_the_barometer_chart_says_every_point_and_stays_in_its_box(app):
    points = [(1, 2.8, 3.1), (2, 2.8, None), (3, None, 3.0)]
    with app.test_request_context("/?lang=fr"):
        svg = str(page_charts.barometer_over_time(points))
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    assert "atelier n°\u00a01\u00a0: 2,8 à J0, 3,1 à J15" in label
    assert "atelier n°\u00a02\u00a0: 2,8 à J0;" in label
    assert "atelier n°\u00a03\u00a0: 3,0 à J15" in label
    assert svg.count("<circle") == 4  # two points, one, one
    xs = [float(x) for x in re.findall(r'(?:cx|x1|x2|x)="([\d.]+)%"', svg)]
    assert xs and min(xs) >= 0 and max(xs) <= 100
