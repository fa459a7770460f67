"""Benefits: programmes, parameters, claims, assessments, enrolments and payroll."""
