"""Area indicators on the outcomes dashboard: for each local authority the user belongs to,
each indicator year on year beside its comparators, as a chart with its table
(``outcomes.indicators``; ``charts.value_bars``)."""
from organisations.models import Organisation
from organisations.querysets import member_org_ids
from outcomes.indicators import IndicatorTable, indicator_tables

from .charts import Chart, value_bars


def chart_of(table: IndicatorTable, chart_id: str) -> Chart:
    indicator = table.indicator
    better = "higher" if indicator.higher_is_better else "lower"
    return value_bars(
        chart_id=chart_id, title=f"{indicator.name}, {indicator.get_unit_display().lower()}",
        description=(f"{indicator.name} for each year from {table.years[0]} to "
                     f"{table.years[-1]}, for each of {', '.join(s.label for s in table.series)}. "
                     f"A {better} figure is better."),
        series=[s.label for s in table.series], years=table.years,
        values=[[s.values[i] for s in table.series] for i in range(len(table.years))],
        shown=[figures for _, figures in table.rows])


def area_indicators(user) -> list[tuple[Organisation, list[tuple[IndicatorTable, Chart]]]]:
    """(LA, its indicators with their charts) for each LA the user is a member of."""
    las = Organisation.objects.filter(
        pk__in=member_org_ids(user, (Organisation.Kind.LOCAL_AUTHORITY,))).order_by("name")
    return [(la, [(table, chart_of(table, f"indicator-{la.pk}-{table.indicator.pk}"))
                  for table in indicator_tables(la)]) for la in las]
