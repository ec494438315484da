"""No-strike screening (the Protocol's precautions in attack and against the effects of
attack): planned targets against the protected property, military objectives near it, and the
no-strike list of an area, on the date of the operation. The engine is ``shield.geo.screening``;
this app chooses the sites a reader may be screened against, reads targets, writes results and
keeps a record of every run."""
