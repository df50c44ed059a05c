@_exported import DropoutCore
