"""/proc/PID/stat, /proc/PID/status and the machine's /proc files."""
import pytest

from frameauth_bench.parsers import (ParseError, cpu_model, cpu_ticks, kib_field, load_average, parent_pid,
                                     start_time, stat_field)


def test_cpu_ticks_are_utime_plus_stime_even_when_comm_holds_spaces_and_brackets(sample):
    # comm is "busy) (x y"; utime 36, stime 2.
    assert cpu_ticks(sample("proc-stat.txt")) == 38


def test_parent_pid_and_start_time(sample):
    stat = sample("proc-stat.txt")
    assert parent_pid(stat) == 21708
    assert start_time(stat) == 2934560


def test_a_field_past_the_end_is_refused(sample):
    with pytest.raises(ParseError):
        stat_field(sample("proc-stat.txt"), 60)


def test_peak_and_current_rss_from_status(sample):
    status = sample("proc-status.txt")
    assert kib_field(status, "VmHWM") == 33040
    assert kib_field(status, "VmRSS") == 31196


def test_a_missing_status_line_is_refused(sample):
    with pytest.raises(ParseError):
        kib_field(sample("proc-status.txt"), "VmNothing")


def test_total_memory_from_meminfo(sample):
    assert kib_field(sample("proc-meminfo.txt"), "MemTotal") == 24683784


def test_cpu_model_is_the_model_name_line_not_the_model_number(sample):
    assert cpu_model(sample("proc-cpuinfo.txt")) == "AMD EPYC"


def test_load_average_is_the_first_three_figures(sample):
    assert load_average(sample("proc-loadavg.txt")) == "4.88 3.73 2.64"
